//! A store of 200,000 sessions migrates in flat memory: the jsess process's peak resident set
//! stays below the 64 MB the migration is held to, which is less than the store holds. Alone in
//! its test binary, so the peak it reads (over every child waited for) is jsess's: the
//! redis-server child is reaped only after the check.

mod support;

use support::{children_max_rss_kb, corpus_sessions, jsess, Server};

const SESSIONS: usize = 200_000;
/// The bound the migration is held to. A process that keeps a few batches at a time peaks at
/// 30-50 MiB with the binary's allocator (which keeps freed pages a while for reuse), whatever
/// the store's size; the store here holds about 100 MB.
const MAX_RSS_KB: i64 = 64 * 1024;

#[test]
fn two_hundred_thousand_sessions_migrate_in_flat_memory() {
    let server = Server::start_with("memory", &["--appendonly", "no"]);
    let mut conn = server.conn();
    let blobs: Vec<Vec<u8>> = corpus_sessions("")
        .into_iter()
        .map(|(_, b)| b)
        .filter(|b| b.len() < 2048)
        .collect();
    let mut pipe = redis::pipe();
    let mut stored_bytes = 0usize;
    for i in 0..SESSIONS {
        let blob = &blobs[i % blobs.len()];
        stored_bytes += blob.len();
        pipe.cmd("SET")
            .arg(format!("S{i:08}"))
            .arg(blob)
            .arg("PX")
            .arg(3_600_000)
            .ignore();
        if pipe.len() >= 2000 || i + 1 == SESSIONS {
            pipe.query::<()>(&mut conn).expect("load");
            pipe = redis::pipe();
        }
    }
    assert!(
        stored_bytes as i64 / 1024 > MAX_RSS_KB,
        "the store ({stored_bytes} bytes) is larger than the bound"
    );
    let dir = support::temp_dir("memory-backup");
    let out = jsess()
        .args(["migrate", &server.url(), "--to", "postcard", "--json"])
        .args(["--batch", "500", "--backup"])
        .arg(dir.join("b.bak"))
        .output()
        .expect("run jsess");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["migrated"], SESSIONS);
    let peak = children_max_rss_kb();
    eprintln!("jsess peak RSS {peak} KiB for {stored_bytes} bytes of sessions");
    assert!(
        peak < MAX_RSS_KB,
        "jsess peaked at {peak} KiB migrating {stored_bytes} bytes"
    );
    let _ = std::fs::remove_dir_all(dir);
}
