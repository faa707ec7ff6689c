//! An application's large hashes cost `jsess scan` nothing: only keys of a session layout are
//! read (Redisson's, Spring Session's), so a 60 MB cache hash beside the sessions is counted,
//! not fetched. Alone in its test binary, so the peak it reads (over every child waited for) is
//! jsess's: the redis-server child is reaped only after the check.

mod support;

use support::{children_max_rss_kb, jsess, ok, Server};

const FIELDS: usize = 400_000;
/// Far below what fetching the cache hash would take.
const MAX_RSS_KB: i64 = 32 * 1024;

#[test]
fn scan_leaves_an_applications_large_hashes_unread() {
    let server = Server::start_with("memory-hashes", &["--appendonly", "no"]);
    let mut conn = server.conn();
    // Filled by the server itself: this process stays small, so the peak read below is
    // jsess's own (a child's peak counts the pages it shared with this process when spawned).
    let _: () = redis::cmd("EVAL")
        .arg(
            "for i = 1, tonumber(ARGV[1]) do \
               redis.call('HSET', KEYS[1], 'entry:' .. i, string.rep('x', 140)) \
             end",
        )
        .arg(1)
        .arg("app:cache")
        .arg(FIELDS)
        .query(&mut conn)
        .expect("fill");
    for entry in jsess_testkit::dump::read("layouts/redisson-java.json") {
        entry.load(&mut conn);
    }
    let report = ok(&jsess()
        .args(["scan", &server.url(), "--json"])
        .output()
        .expect("run"));
    assert_eq!(report["other_hashes"], 1, "{report}");
    assert_eq!(report["layouts"]["redisson"], 4, "{report}");
    let peak = children_max_rss_kb();
    eprintln!("jsess peak RSS {peak} KiB beside a hash of {FIELDS} fields");
    assert!(peak < MAX_RSS_KB, "jsess peaked at {peak} KiB");
}
