//! The session layouts of other managers (Spring Session, Redisson) in a real redis-server:
//! `inspect --key`, `scan`, and `migrate --to-layout` between them and msm.

mod support;

use std::process::Output;

use jsess_testkit::dump::{self, Contents};
use support::{jsess, Server};

fn ok(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "status {:?}\nstdout {}\nstderr {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

/// Both layout corpora, loaded as written (keys, contents, times to live).
fn load_layouts(server: &Server) -> Vec<dump::Entry> {
    let mut conn = server.conn();
    let mut entries = dump::read("layouts/spring-session.json");
    entries.extend(dump::read("layouts/redisson-java.json"));
    for entry in &entries {
        entry.load(&mut conn);
    }
    entries
}

fn session_hashes(entries: &[dump::Entry]) -> Vec<&dump::Entry> {
    entries
        .iter()
        .filter(|e| matches!(e.contents, Contents::Hash(_)))
        .collect()
}

#[test]
fn inspect_key_shows_spring_and_redisson_sessions_in_the_session_shape() {
    let server = Server::start("inspect-layouts");
    let entries = load_layouts(&server);
    let hashes = session_hashes(&entries);
    assert_eq!(hashes.len(), 8);
    let mut attributes_seen = 0;
    for entry in hashes {
        let key = String::from_utf8(entry.key.clone()).expect("utf-8 key");
        let json = ok(&jsess()
            .args(["inspect", &server.url(), "--key", &key, "--json"])
            .output()
            .expect("run"));
        let layout = if key.contains("redisson:tomcat_session:") {
            "redisson"
        } else {
            "spring-session"
        };
        assert_eq!(json["layout"], layout, "{key}");
        assert_eq!(json["format"], "java", "{key}");
        assert!(
            key.ends_with(json["session"]["id"].as_str().expect("id")),
            "{key}"
        );
        let attributes = json["attributes"].as_array().expect("attributes");
        attributes_seen += attributes.len();
        assert!(
            attributes.iter().all(|a| a.get("error").is_none()),
            "{key}: {attributes:?}"
        );
        let tree = jsess()
            .args(["inspect", &server.url(), "--key", &key])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&tree.stdout);
        assert!(tree.status.success(), "{key}");
        assert!(
            text.starts_with(&format!("{layout} session (java values)")),
            "{key}: {text}"
        );
    }
    assert!(attributes_seen > 10, "{attributes_seen} attributes");
    // A key of the layout that is no session (Spring's expirations set) is named as such.
    let set = jsess()
        .args([
            "inspect",
            &server.url(),
            "--key",
            "spring:session:expirations:1700001900000",
        ])
        .output()
        .expect("run");
    assert_eq!(set.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&set.stderr).contains("holds a set"));
}
