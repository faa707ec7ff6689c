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

use jsess_testkit::{corpora, Server};

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
    // 52 Kryo blobs; without the application's classes some cannot be read, and say why.
    assert_eq!(summary.formats.get("msm-kryo"), Some(&52));
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
