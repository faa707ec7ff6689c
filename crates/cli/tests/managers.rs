//! The older Redis session managers on Tomcat's stream (jcoleman 2.0 and 1.x, ran-jit,
//! chexagon) in a real redis-server, keyed and expired as each manager keys them:
//! `inspect --key` shows each session in the session shape, the id reservations as such, and
//! `scan` counts the sessions by layout.

mod support;

use support::{jsess, ok, Server};

/// corpora/managers: (layout, key, value). The file names are the keys the managers use.
fn corpus() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    for layout in ["jcoleman", "jcoleman-1", "ran-jit", "chexagon"] {
        let dir = support::corpora().join("managers").join(layout);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpora/managers")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let key = file
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            out.push((layout, key, std::fs::read(&file).expect("read")));
        }
    }
    out
}

/// `SET key value` then `EXPIRE key 1800`, as every one of these managers saves.
fn load(server: &Server) -> Vec<(&'static str, String, Vec<u8>)> {
    let mut conn = server.conn();
    let values = corpus();
    for (_, key, value) in &values {
        let _: () = redis::cmd("SET")
            .arg(key)
            .arg(value)
            .query(&mut conn)
            .expect("SET");
        let _: () = redis::cmd("EXPIRE")
            .arg(key)
            .arg(1800)
            .query(&mut conn)
            .expect("EXPIRE");
    }
    values
}

#[test]
fn inspect_key_shows_each_managers_sessions_and_reservations() {
    let server = Server::start("inspect-managers");
    let values = load(&server);
    assert_eq!(values.len(), 8);
    let mut sessions = 0;
    for (layout, key, value) in &values {
        let json = ok(&jsess()
            .args(["inspect", &server.url(), "--key", key, "--json"])
            .output()
            .expect("run"));
        if value.as_slice() == b"null" {
            assert_eq!(json["format"], "reserved", "{key}");
            continue;
        }
        sessions += 1;
        assert_eq!(json["format"], "java", "{key}");
        assert_eq!(json["layout"], *layout, "{key}");
        let id = key.strip_prefix("_rsm_").unwrap_or(key);
        assert_eq!(json["session"]["id"], id, "{key}");
        let attributes = json["attributes"].as_array().expect("attributes");
        // Every session but chexagon's fresh one holds a user.
        if let Some(user) = attributes.iter().find(|a| a["name"] == "user") {
            assert_eq!(user["class"], "java.lang.String", "{key}");
        } else {
            assert_eq!(key, "_rsm_4C0DE4C0DE4C0DE4C0DE4C0DE4C0DE02");
            assert!(attributes.is_empty());
        }
        match *layout {
            // The login is transient in StandardSession: chexagon's value has none.
            "chexagon" => {
                assert_eq!(json["session"]["principal"], serde_json::Value::Null);
                assert_eq!(
                    json["session"]["manager"]["class"],
                    "com.crimsonhexagon.rsm.RedisSession"
                );
                if attributes.len() > 1 {
                    let cart = attributes.iter().find(|a| a["name"] == "cart");
                    assert!(cart.is_some(), "{key}");
                }
            }
            "jcoleman" | "ran-jit" => {
                let hash = json["session"]["manager"]["attributes_hash"]
                    .as_str()
                    .expect("hash");
                assert_eq!(hash.len(), 32, "{key}: 16 bytes of MD5");
                assert_eq!(
                    json["session"]["manager"]["creation_time"],
                    json["session"]["creation_time"]
                );
            }
            _ => assert_eq!(
                json["session"]["manager"]["creation_time"],
                json["session"]["creation_time"]
            ),
        }
        if key.starts_with("2C0DE") && key.ends_with("01")
            || key.starts_with("1C0DE")
            || key.starts_with("3C0DE")
        {
            assert_eq!(json["session"]["auth_type"], "FORM", "{key}");
            assert_eq!(json["session"]["principal"]["name"], "alice", "{key}");
        }
    }
    assert_eq!(sessions, 6);
}

#[test]
fn scan_counts_each_managers_sessions_by_layout() {
    let server = Server::start("scan-managers");
    load(&server);
    let report = ok(&jsess()
        .args(["scan", &server.url(), "--json"])
        .output()
        .expect("run"));
    assert_eq!(report["layouts"]["jcoleman"], 2, "{report}");
    assert_eq!(report["layouts"]["jcoleman-1"], 1, "{report}");
    assert_eq!(report["layouts"]["ran-jit"], 1, "{report}");
    assert_eq!(report["layouts"]["chexagon"], 2, "{report}");
    assert_eq!(report["by_format"]["reserved"], 2, "{report}");
    assert_eq!(report["sessions"], 6, "{report}");
    assert_eq!(report["undecodable"]["count"], 0, "{report}");
    assert_eq!(report["auth_types"]["FORM"], 3, "{report}");
    let text = jsess().args(["scan", &server.url()]).output().expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("session layouts:"), "{text}");
    assert!(text.contains("jcoleman"), "{text}");
}

fn migrate(server: &Server, args: &[&str], backup: &std::path::Path) -> serde_json::Value {
    let out = jsess()
        .args(["migrate", &server.url(), "--json", "--backup"])
        .arg(backup)
        .args(args)
        .output()
        .expect("run");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("report")
}

#[test]
fn sessions_move_from_the_older_managers_and_back_into_them() {
    let server = Server::start("managers-move");
    let values = load(&server);
    let dir = support::temp_dir("managers-move");
    let mut conn = server.conn();
    // jcoleman's sessions into Redisson's layout, keeping their ids.
    let report = migrate(
        &server,
        &[
            "--from-layout",
            "jcoleman",
            "--to-layout",
            "redisson",
            "--allow-split-shared",
        ],
        &dir.join("jcoleman.bak"),
    );
    let jcoleman: Vec<&String> = values
        .iter()
        .filter(|(layout, _, value)| *layout == "jcoleman" && value.as_slice() != b"null")
        .map(|(_, key, _)| key)
        .collect();
    assert_eq!(report["migrated"], jcoleman.len() as u64, "{report}");
    for key in jcoleman {
        let exists: bool = redis::cmd("EXISTS")
            .arg(format!("redisson:tomcat_session:{key}"))
            .query(&mut conn)
            .expect("EXISTS");
        assert!(exists, "{key}");
    }
    // chexagon's into msm under `m:`.
    let report = migrate(
        &server,
        &[
            "--from-layout",
            "chexagon",
            "--to-layout",
            "msm",
            "--target-prefix",
            "m:",
        ],
        &dir.join("chexagon.bak"),
    );
    assert!(
        report["migrated"].as_u64().expect("migrated") >= 1,
        "{report}"
    );
    // msm sessions into jcoleman's layout in another database (both key sessions by id).
    let target = format!(
        "{}1",
        server.url().trim_end_matches(|c: char| c.is_ascii_digit())
    );
    let report = migrate(
        &server,
        &[
            "--prefix",
            "m:",
            "--to-layout",
            "jcoleman",
            "--target",
            &target,
        ],
        &dir.join("back.bak"),
    );
    let moved = report["migrated"].as_u64().expect("migrated");
    assert!(moved >= 1, "{report}");
    let scan = ok(&jsess()
        .args(["scan", &target, "--json"])
        .output()
        .expect("run"));
    assert_eq!(scan["layouts"]["jcoleman"], moved, "{scan}");
}
