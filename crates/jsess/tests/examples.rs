//! The examples run: each is compiled in here and driven over the corpora and a real
//! redis-server.

#[allow(dead_code)]
#[path = "../examples/redis_to_json.rs"]
mod redis_to_json;

#[allow(dead_code)]
#[path = "../examples/scan_dir.rs"]
mod scan_dir;

#[allow(dead_code)]
#[path = "../examples/attribute_report.rs"]
mod attribute_report;

#[allow(dead_code)]
#[path = "../examples/migrate_store.rs"]
mod migrate_store;

use jsess_testkit::{corpora, corpus_sessions, temp_dir, Server};

#[test]
fn redis_value_to_json() {
    let server = Server::start("facade-example");
    let blob = std::fs::read(corpora().join("msm/camunda.bin")).expect("corpus");
    let mut conn = server.conn();
    redis::cmd("SET")
        .arg("SESSION-1")
        .arg(&blob)
        .exec(&mut conn)
        .expect("SET");
    let json = redis_to_json::session_json(&server.url(), "SESSION-1").expect("json");
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["format"], "msm-java");
    assert_eq!(json["session"]["max_inactive_interval"], 1800);
    assert!(redis_to_json::session_json(&server.url(), "SESSION-2").is_err());
}

#[test]
fn directory_scan() {
    let summary = scan_dir::scan(&corpora().join("kryo"), &jsess::Options::new()).expect("scan");
    // 53 Kryo blobs; without the application's classes some cannot be read, and say why.
    assert_eq!(summary.formats.get("msm-kryo"), Some(&53));
    assert!(
        summary
            .unreadable
            .get(&jsess::UnreadableReason::UnknownClass)
            > Some(&0)
    );
}

#[test]
fn attribute_classes() {
    let rows =
        attribute_report::report(&corpora().join("msm"), &jsess::Options::new()).expect("report");
    let strings = rows
        .iter()
        .find(|r| r.class == "java.lang.String")
        .expect("strings");
    assert!(
        strings.attributes > 100 && strings.sessions > 10,
        "{strings:?}"
    );
    assert!(rows.windows(2).all(|w| w[0].attributes >= w[1].attributes));
}

#[test]
fn store_migrated_from_a_program_and_rolled_back() {
    let server = Server::start("facade-migrate");
    let mut conn = server.conn();
    let sessions = load_sessions(&mut conn);
    let dir = temp_dir("facade-migrate");
    let backup = dir.join("backup");
    let report = migrate_store::migrate(&server.url(), "postcard", &backup, None).expect("migrate");
    assert_eq!(report.counters.failed, 0, "{report:?}");
    assert!(report.counters.migrated > 30, "{report:?}");
    for (key, _) in &sessions {
        let value: Vec<u8> = redis::cmd("GET").arg(key).query(&mut conn).expect("GET");
        let stored = jsess::read(&value, &jsess::Options::new()).expect("read");
        assert_eq!(stored.format(), "postcard");
    }
    let mut store = jsess::store::open(&server.url()).expect("open");
    jsess::store::rollback(store.as_mut(), &backup, &jsess::store::rewrite::Quiet)
        .expect("rollback");
    for (key, blob) in &sessions {
        let value: Vec<u8> = redis::cmd("GET").arg(key).query(&mut conn).expect("GET");
        assert_eq!(&value, blob, "every byte back");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[allow(dead_code)]
#[path = "../examples/move_to_redisson.rs"]
mod move_to_redisson;

#[test]
fn msm_store_copied_into_redissons_layout_from_a_program() {
    let server = Server::start("facade-redisson");
    let mut conn = server.conn();
    let sessions = load_sessions(&mut conn);
    let backup = temp_dir("facade-redisson").join("backup");
    let report = move_to_redisson::to_redisson(&server.url(), &backup).expect("moves");
    assert!(report.counters.migrated >= 25, "{report:?}");
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS")
        .arg("redisson:tomcat_session:*")
        .query(&mut conn)
        .expect("KEYS");
    assert_eq!(keys.len() as u64, report.counters.migrated);
    // The msm sessions are untouched.
    for (key, blob) in &sessions {
        let now: Vec<u8> = redis::cmd("GET").arg(key).query(&mut conn).expect("GET");
        assert_eq!(&now, blob);
    }
}

/// The corpus sessions under msm's plain keys.
fn load_sessions(conn: &mut redis::Connection) -> Vec<(Vec<u8>, Vec<u8>)> {
    let sessions = corpus_sessions("");
    for (key, blob) in &sessions {
        redis::cmd("SET")
            .arg(key)
            .arg(blob)
            .exec(conn)
            .expect("SET");
    }
    sessions
}
