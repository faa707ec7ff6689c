//! `jsess scan`, `inspect --key`, `migrate` and `rollback` against real Redis servers (one
//! standalone server, a 3-primary Cluster) started by the tests.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use support::{corpus, corpus_sessions, jsess, ok, wait_for, Cluster, Server};

/// A key and its value.
type KeyValue = (Vec<u8>, Vec<u8>);

/// Session lifetime given to loaded sessions: 30 minutes, as msm's non-sticky 2 × 15 min.
const SESSION_TTL_MS: u64 = 1_800_000;

/// The corpus under msm keys, with the values msm keeps beside sessions and a few foreign keys.
/// Returns the session keys (with their blobs) and the other keys.
fn load(conn: &mut impl redis::ConnectionLike, prefix: &str) -> (Vec<KeyValue>, Vec<KeyValue>) {
    let sessions = corpus_sessions(prefix);
    let blobs: HashMap<String, Vec<u8>> = corpus().into_iter().collect();
    let first_id = String::from_utf8_lossy(&sessions[0].0[prefix.len()..]).into_owned();
    let others: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (
            format!("validity:{prefix}{first_id}").into_bytes(),
            blobs["validity_example"].clone(),
        ),
        (
            format!("lock:{prefix}{first_id}").into_bytes(),
            blobs["lock"].clone(),
        ),
        (
            format!("{prefix}PINGED0000000000000000000000000").into_bytes(),
            blobs["ping_1byte"].clone(),
        ),
        (b"app:counter".to_vec(), b"17".to_vec()),
        (b"kryo-session".to_vec(), blobs["kryo_example"].clone()),
    ];
    for (i, (key, blob)) in sessions.iter().enumerate() {
        // Every fifth session never expires (maxInactiveInterval <= 0 gives a plain SET).
        if i % 5 == 4 {
            let _: () = conn
                .req_command(redis::cmd("SET").arg(key).arg(blob))
                .map(|_| ())
                .expect("SET");
        } else {
            conn.req_command(
                redis::cmd("SET")
                    .arg(key)
                    .arg(blob)
                    .arg("PX")
                    .arg(SESSION_TTL_MS),
            )
            .expect("SET PX");
        }
    }
    for (key, value) in &others {
        conn.req_command(redis::cmd("SET").arg(key).arg(value).arg("PX").arg(60_000))
            .expect("SET");
    }
    conn.req_command(redis::cmd("HSET").arg("spring:session:x").arg("f").arg("v"))
        .expect("HSET");
    (sessions, others)
}

fn get(conn: &mut impl redis::ConnectionLike, key: &[u8]) -> Option<Vec<u8>> {
    match conn.req_command(redis::cmd("GET").arg(key)).expect("GET") {
        redis::Value::BulkString(b) => Some(b),
        _ => None,
    }
}

fn pttl(conn: &mut impl redis::ConnectionLike, key: &[u8]) -> i64 {
    match conn.req_command(redis::cmd("PTTL").arg(key)).expect("PTTL") {
        redis::Value::Int(n) => n,
        other => panic!("PTTL gave {other:?}"),
    }
}

/// The value read back as the original msm-java bytes (what Tomcat's Java transcoder wrote).
fn as_msm_java(bytes: &[u8]) -> Vec<u8> {
    let codec = jsess_msm::detect(bytes, None).expect("a registry format");
    let session = codec
        .decode(bytes, &jsess_javaser::Limits::DEFAULT)
        .expect("decodes");
    jsess_msm::codec("msm-java", None)
        .expect("msm-java")
        .encode(&session)
        .expect("re-encodes")
}

fn format_of(bytes: &[u8]) -> Option<&'static str> {
    jsess_msm::detect(bytes, None).map(|c| c.name())
}

#[test]
fn scan_reports_sessions_ttls_and_msm_keys() {
    let server = Server::start("scan");
    let (sessions, _) = load(&mut server.conn(), "");
    let json = ok(&jsess()
        .args(["scan", "--json", &server.url()])
        .output()
        .expect("run"));
    assert_eq!(json["by_format"]["msm-java"], sessions.len());
    // The msm-kryo example decodes too.
    assert_eq!(json["by_format"]["msm-kryo"], 1);
    assert_eq!(json["sessions_decoded"], sessions.len() + 1);
    assert_eq!(json["by_format"]["ping"], 1);
    assert_eq!(json["key_roles"]["validity"], 1);
    assert_eq!(json["key_roles"]["lock"], 1);
    assert_eq!(json["session_key_prefixes"][""], sessions.len(), "{json}");
    let persistent = sessions.len() / 5;
    assert_eq!(json["ttl"]["no expiry"], persistent);
    assert_eq!(
        json["ttl"]["30–60 min"].as_u64().unwrap_or(0)
            + json["ttl"]["10–30 min"].as_u64().unwrap_or(0),
        (sessions.len() - persistent) as u64
    );
    assert_eq!(json["heaviest_attributes"][0]["attribute"], "exportLog");
    assert!(json["heaviest_attributes"][0]["key"].is_string());
    // The hash (Spring Session's layout) is not a string value: not visited.
    assert_eq!(json["values"], sessions.len() + 5, "{json}");
}

/// A store mixing transcoders, scanned without the application's classes: the Kryo and
/// XStream sessions still count with their envelope (key prefix, lifetime, TTL) and are listed
/// with why their attributes were not read.
#[test]
fn scan_counts_sessions_of_every_format_whatever_it_can_read() {
    let server = Server::start("scan-mixed");
    let mut conn = server.conn();
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora");
    let mut ids = Vec::new();
    for file in [
        "msm/camunda.bin",
        "kryo/ecommerce.bin",
        "xstream/attribute_references_other.bin",
    ] {
        let blob = std::fs::read(corpora.join(file)).expect("blob");
        let (envelope, _) = jsess_msm::decode_envelope(&blob).expect("envelope");
        let id = String::from_utf8_lossy(&envelope.id).into_owned();
        let _: () = redis::cmd("SET")
            .arg(format!("app1_{id}"))
            .arg(&blob)
            .arg("PX")
            .arg(SESSION_TTL_MS)
            .query(&mut conn)
            .expect("SET");
        ids.push(id);
    }
    let json = ok(&jsess()
        .args(["scan", "--json", &server.url()])
        .output()
        .expect("run"));
    assert_eq!(json["values"], 3, "{json}");
    assert_eq!(json["sessions"], 3, "{json}");
    assert_eq!(json["sessions_decoded"], 1, "{json}");
    assert_eq!(json["sessions_attributes_unreadable"], 2, "{json}");
    assert_eq!(json["session_key_prefixes"]["app1_"], 3, "{json}");
    assert_eq!(json["sessions_under_other_keys"], 0, "{json}");
    assert_eq!(json["max_inactive_interval"]["≤ 30 min"], 3, "{json}");
    let ttls: u64 = json["ttl"]
        .as_object()
        .expect("ttl")
        .values()
        .filter_map(|n| n.as_u64())
        .sum();
    assert_eq!(ttls, 3, "{json}");
    let examples = json["undecodable"]["examples"]
        .as_array()
        .expect("examples");
    assert_eq!(examples.len(), 2, "{json}");
    for (id, format) in [(&ids[1], "msm-kryo"), (&ids[2], "msm-xstream")] {
        let e = examples
            .iter()
            .find(|e| e["format"] == format)
            .unwrap_or_else(|| panic!("{format} not listed: {json}"));
        assert_eq!(e["key"], format!("app1_{id}"), "{e}");
        assert_eq!(e["session"]["id"], id.as_str(), "{e}");
        assert_eq!(e["attributes_error"], "unknown class", "{e}");
    }
}

#[test]
fn inspect_key_prints_what_inspect_prints_for_the_file() {
    let server = Server::start("inspect");
    let (sessions, _) = load(&mut server.conn(), "shop:");
    let (key, blob) = sessions
        .iter()
        .find(|(_, b)| b.len() > 1000)
        .expect("a session");
    let file = support::temp_dir("inspect-file").join("blob.bin");
    std::fs::write(&file, blob).expect("write");
    for json in [false, true] {
        let mut from_file = jsess();
        from_file.args(["inspect", file.to_str().expect("utf-8")]);
        let mut from_redis = jsess();
        from_redis.args([
            "inspect",
            &server.url(),
            "--key",
            std::str::from_utf8(key).expect("utf-8 key"),
        ]);
        if json {
            from_file.arg("--json");
            from_redis.arg("--json");
        }
        let a = from_file.output().expect("run");
        let b = from_redis.output().expect("run");
        assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
        assert_eq!(a.stdout, b.stdout);
    }
    let missing = jsess()
        .args(["inspect", &server.url(), "--key", "nope"])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(1));
}

/// Snapshot of every string key: value and PTTL.
fn snapshot(conn: &mut redis::Connection) -> HashMap<Vec<u8>, (Vec<u8>, i64)> {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(conn).expect("KEYS");
    keys.into_iter()
        .filter_map(|k| {
            let v = get(conn, &k)?;
            let t = pttl(conn, &k);
            Some((k, (v, t)))
        })
        .collect()
}

fn assert_ttl_kept(before: i64, after: i64, elapsed: Duration, key: &[u8]) {
    if before < 0 {
        assert_eq!(
            after,
            -1,
            "{}: persistent key got a TTL",
            String::from_utf8_lossy(key)
        );
        return;
    }
    let expected = before - elapsed.as_millis() as i64;
    assert!(
        after <= before && after >= expected - 1000,
        "{}: TTL {before} ms became {after} ms after {elapsed:?}",
        String::from_utf8_lossy(key)
    );
}

#[test]
fn migrate_in_place_then_rollback_restores_every_byte() {
    let server = Server::start("migrate");
    let mut conn = server.conn();
    let (sessions, others) = load(&mut conn, "");
    let before = snapshot(&mut conn);
    let dir = support::temp_dir("migrate-backup");
    let backup = dir.join("run.bak");
    let started = Instant::now();
    let out = jsess()
        .args([
            "migrate",
            &server.url(),
            "--to",
            "postcard",
            "--json",
            "--batch",
            "7",
        ])
        .args(["--backup", backup.to_str().expect("utf-8")])
        .output()
        .expect("run");
    // The Kryo example is a session jsess cannot read yet: reported, untouched, exit 1.
    let kryo_readable = format_of(&others[4].1).is_some();
    assert_eq!(
        out.status.code(),
        Some(if kryo_readable { 0 } else { 1 }),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let elapsed = started.elapsed();
    assert_eq!(
        report["migrated"],
        sessions.len() + usize::from(kryo_readable)
    );
    assert_eq!(report["skipped"]["ping artifact (1-byte value)"], 1);
    assert_eq!(report["skipped"]["validity key"], 1);
    assert_eq!(report["skipped"]["lock key"], 1);
    assert_eq!(report["skipped"]["foreign value"], 1);
    if !kryo_readable {
        assert_eq!(report["failures"][0]["key"], "kryo-session");
    }
    let after = snapshot(&mut conn);
    for (key, blob) in &sessions {
        let (value, ttl) = &after[key];
        assert_eq!(format_of(value), Some("postcard"));
        assert_eq!(
            &as_msm_java(value),
            blob,
            "{}",
            String::from_utf8_lossy(key)
        );
        assert_ttl_kept(before[key].1, *ttl, elapsed, key);
    }
    for (key, value) in &others[..4] {
        assert_eq!(&after[key].0, value, "left alone");
    }
    // A second run finds everything done.
    let again = jsess()
        .args(["migrate", &server.url(), "--to", "postcard", "--json"])
        .args(["--backup", dir.join("second.bak").to_str().expect("utf-8")])
        .output()
        .expect("run");
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(again["migrated"], 0);
    assert_eq!(
        again["skipped"]["already postcard"],
        sessions.len() + usize::from(kryo_readable)
    );
    // The backup is never overwritten.
    let refused = jsess()
        .args(["migrate", &server.url(), "--to", "msgpack"])
        .args(["--backup", backup.to_str().expect("utf-8")])
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(1));

    let started = Instant::now();
    let rollback = ok(&jsess()
        .args([
            "rollback",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
            &server.url(),
        ])
        .output()
        .expect("run"));
    assert_eq!(
        rollback["outcomes"]["restored"],
        sessions.len() + usize::from(kryo_readable)
    );
    let elapsed = started.elapsed();
    let restored = snapshot(&mut conn);
    for (key, (value, ttl)) in &before {
        assert_eq!(
            &restored[key].0,
            value,
            "{} byte-identical",
            String::from_utf8_lossy(key)
        );
        assert_ttl_kept(
            after.get(key).map_or(*ttl, |a| a.1),
            restored[key].1,
            elapsed,
            key,
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// `n` keys `s0`, `s1`, … holding the corpus's smaller sessions in turn, half with a TTL.
fn load_many(conn: &mut redis::Connection, n: usize) -> Vec<Vec<u8>> {
    let small: Vec<Vec<u8>> = corpus_sessions("")
        .into_iter()
        .map(|(_, b)| b)
        .filter(|b| b.len() < 4096)
        .collect();
    let mut pipe = redis::pipe();
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        let blob = small[i % small.len()].clone();
        if i % 2 == 0 {
            pipe.cmd("SET")
                .arg(format!("s{i}"))
                .arg(&blob)
                .arg("PX")
                .arg(SESSION_TTL_MS)
                .ignore();
        } else {
            pipe.cmd("SET").arg(format!("s{i}")).arg(&blob).ignore();
        }
        values.push(blob);
        if pipe.len() >= 1000 || i + 1 == n {
            pipe.query::<()>(conn).expect("load");
            pipe = redis::pipe();
        }
    }
    values
}

fn checkpoint_migrated(backup: &std::path::Path) -> u64 {
    let path = format!("{}.checkpoint", backup.display());
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|c| c["counters"]["migrated"].as_u64())
        .unwrap_or(0)
}

/// Every key holds its session, in `format`, equal to the original once read back.
fn assert_all_migrated(conn: &mut redis::Connection, originals: &[Vec<u8>], format: &str) {
    for (i, original) in originals.iter().enumerate() {
        let key = format!("s{i}");
        let value = get(conn, key.as_bytes()).unwrap_or_else(|| panic!("{key} is gone"));
        assert_eq!(format_of(&value), Some(format), "{key}");
        assert_eq!(&as_msm_java(&value), original, "{key}");
    }
}

#[test]
fn a_concurrent_writer_loses_no_update() {
    let server = Server::start("concurrent");
    let mut conn = server.conn();
    let n = 1500;
    let initial = load_many(&mut conn, n);
    let updates: Vec<Vec<u8>> = corpus_sessions("")
        .into_iter()
        .map(|(_, b)| b)
        .filter(|b| b.len() < 4096)
        .rev()
        .collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let mut conn = server.conn();
        std::thread::spawn(move || {
            let mut last: HashMap<usize, Vec<u8>> = HashMap::new();
            let mut state = 12345u64;
            let mut writes = 0u64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let i = (state >> 33) as usize % n;
                let value = updates[(state >> 20) as usize % updates.len()].clone();
                let _: () = redis::cmd("SET")
                    .arg(format!("s{i}"))
                    .arg(&value)
                    .query(&mut conn)
                    .expect("SET");
                last.insert(i, value);
                writes += 1;
            }
            (last, writes)
        })
    };
    let dir = support::temp_dir("concurrent-backup");
    let out = jsess()
        .args([
            "migrate",
            &server.url(),
            "--to",
            "msgpack",
            "--json",
            "--batch",
            "10",
        ])
        .args(["--backup", dir.join("b.bak").to_str().expect("utf-8")])
        .output()
        .expect("run");
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let (last, writes) = writer.join().expect("writer");
    let report = ok(&out);
    assert!(writes > 100, "the writer ran alongside ({writes} writes)");
    for (i, first) in initial.iter().enumerate() {
        let key = format!("s{i}");
        let value = get(&mut conn, key.as_bytes()).expect("present");
        let expected = last.get(&i).unwrap_or(first);
        assert_eq!(&as_msm_java(&value), expected, "{key}: an update was lost");
    }
    assert_eq!(report["failed"], 0);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn kill_9_of_jsess_then_resume_finishes_and_rolls_back() {
    let server = Server::start("kill-jsess");
    let mut conn = server.conn();
    let originals = load_many(&mut conn, 3000);
    let dir = support::temp_dir("kill-jsess-backup");
    let backup = dir.join("b.bak");
    let args = |resume: bool| {
        let mut cmd = jsess();
        cmd.args([
            "migrate",
            &server.url(),
            "--to",
            "bincode",
            "--json",
            "--batch",
            "5",
        ])
        .args(["--backup", backup.to_str().expect("utf-8")]);
        if resume {
            cmd.arg("--resume");
        }
        cmd
    };
    let mut child = args(false)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start jsess");
    while checkpoint_migrated(&backup) < 200 {
        assert!(
            child.try_wait().expect("poll").is_none(),
            "jsess ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    let at_kill = checkpoint_migrated(&backup);
    assert!(at_kill < 3000, "killed mid-run");
    let report = ok(&args(true).output().expect("resume"));
    let total = report["migrated"].as_u64().unwrap_or(0)
        + report["skipped"]["already bincode"].as_u64().unwrap_or(0);
    assert_eq!(total, 3000, "{report}");
    assert_all_migrated(&mut conn, &originals, "bincode");
    let rollback = ok(&jsess()
        .args([
            "rollback",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
            &server.url(),
        ])
        .output()
        .expect("rollback"));
    assert_eq!(rollback["outcomes"]["restored"], 3000, "{rollback}");
    for (i, original) in originals.iter().enumerate() {
        assert_eq!(
            &get(&mut conn, format!("s{i}").as_bytes()).expect("present"),
            original
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn kill_9_of_redis_then_restart_and_resume_finishes() {
    let mut server = Server::start("kill-redis");
    let originals = load_many(&mut server.conn(), 3000);
    let dir = support::temp_dir("kill-redis-backup");
    let backup = dir.join("b.bak");
    let url = server.url();
    let args = |resume: bool| {
        let mut cmd = jsess();
        cmd.args(["migrate", &url, "--to", "json", "--json", "--batch", "5"])
            .args(["--backup", backup.to_str().expect("utf-8")]);
        if resume {
            cmd.arg("--resume");
        }
        cmd
    };
    let mut child = args(false)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start jsess");
    while checkpoint_migrated(&backup) < 200 {
        assert!(
            child.try_wait().expect("poll").is_none(),
            "jsess ended before redis was killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill9();
    let status = child.wait().expect("reap");
    assert!(!status.success(), "jsess notices the server is gone");
    server.restart();
    let report = ok(&args(true).output().expect("resume"));
    assert_eq!(report["failed"], 0);
    assert_all_migrated(&mut server.conn(), &originals, "json");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cluster_scan_migrate_and_rollback_cover_every_primary() {
    let cluster = Cluster::start("cluster");
    let mut conn = cluster.conn();
    let (sessions, others) = load(&mut conn, "");
    for node in &cluster.nodes {
        let keys: u64 = redis::cmd("DBSIZE")
            .query(&mut node.conn())
            .expect("DBSIZE");
        assert!(keys > 0, "the keys are spread over every primary");
    }
    let scan = ok(&jsess()
        .args(["scan", "--json", &cluster.url()])
        .output()
        .expect("run"));
    // The msm-kryo example among the other values decodes too.
    assert_eq!(scan["sessions_decoded"], sessions.len() + 1);
    assert_eq!(scan["values"], sessions.len() + others.len());
    let dir = support::temp_dir("cluster-backup");
    let backup = dir.join("b.bak");
    let out = jsess()
        .args([
            "migrate",
            &cluster.url(),
            "--to",
            "msgpack",
            "--json",
            "--batch",
            "8",
        ])
        .args(["--backup", backup.to_str().expect("utf-8")])
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let kryo_readable = format_of(&others[4].1).is_some();
    assert_eq!(
        report["migrated"],
        sessions.len() + usize::from(kryo_readable),
        "{report}"
    );
    for (key, blob) in &sessions {
        let value = get(&mut conn, key).expect("present");
        assert_eq!(format_of(&value), Some("msgpack"));
        assert_eq!(&as_msm_java(&value), blob);
    }
    let rollback = ok(&jsess()
        .args([
            "rollback",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
            &cluster.url(),
        ])
        .output()
        .expect("run"));
    assert_eq!(rollback["outcomes"]["restored"], report["migrated"]);
    for (key, blob) in sessions.iter().chain(&others) {
        assert_eq!(&get(&mut conn, key).expect("present"), blob);
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// `blob` as the same session backed up again `later_ms` after its last backup.
fn backed_up_later(blob: &[u8], later_ms: i64) -> Vec<u8> {
    let mut session = jsess_msm::decode(blob, &jsess_javaser::Limits::DEFAULT).expect("decodes");
    session.envelope.last_backup_time += later_ms;
    jsess_msm::encode(&session).expect("encodes")
}

#[test]
fn target_prefix_with_follow_keeps_the_new_fleet_in_sync() {
    let server = Server::start("follow");
    let mut conn = server.conn();
    let (sessions, _) = load(&mut conn, "");
    let small: Vec<&(Vec<u8>, Vec<u8>)> =
        sessions.iter().filter(|(_, b)| b.len() < 20_000).collect();
    let dir = support::temp_dir("follow-backup");
    let backup = dir.join("b.bak");
    let child = jsess()
        .args([
            "migrate",
            &server.url(),
            "--to",
            "postcard",
            "--json",
            "--follow",
        ])
        .args(["--target-prefix", "v2_", "--rescan-seconds", "3600"])
        .args(["--backup", backup.to_str().expect("utf-8")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start jsess");
    let target = |key: &[u8]| [&b"v2_"[..], key].concat();
    // The first pass copies every session, and the validity key beside the first one.
    wait_for("every session under v2_", || {
        sessions
            .iter()
            .all(|(k, _)| get(&mut conn, &target(k)).is_some())
    });
    for (key, blob) in &sessions {
        let copy = get(&mut conn, &target(key)).expect("copied");
        assert_eq!(format_of(&copy), Some("postcard"));
        assert_eq!(&as_msm_java(&copy), blob);
        assert_eq!(
            &get(&mut conn, key).expect("source"),
            blob,
            "source untouched"
        );
        let (source_ttl, copy_ttl) = (pttl(&mut conn, key), pttl(&mut conn, &target(key)));
        assert_eq!(source_ttl < 0, copy_ttl < 0, "persistent stays persistent");
        assert!(
            (source_ttl - copy_ttl).abs() < 1000,
            "TTL {source_ttl} copied as {copy_ttl}"
        );
    }
    let validity = format!("validity:v2_{}", String::from_utf8_lossy(&sessions[0].0));
    assert!(
        get(&mut conn, validity.as_bytes()).is_some(),
        "validity copied"
    );

    // The old fleet writes a session: the copy follows.
    let (key_a, blob_a) = small[0];
    let updated = backed_up_later(blob_a, 1_000);
    let _: () = redis::cmd("SET")
        .arg(key_a)
        .arg(&updated)
        .query(&mut conn)
        .expect("SET");
    wait_for("the update reaches v2_", || {
        get(&mut conn, &target(key_a)).is_some_and(|v| as_msm_java(&v) == updated)
    });
    // The new fleet writes its copy of session b; a late write of the old fleet to b must not
    // clobber it. Session c, written after, shows when b's event has been handled.
    let (key_b, blob_b) = small[1];
    let (key_c, blob_c) = small[2];
    let fleet = backed_up_later(blob_b, 1_000_000);
    let _: () = redis::cmd("SET")
        .arg(target(key_b))
        .arg(&fleet)
        .query(&mut conn)
        .expect("SET");
    let _: () = redis::cmd("SET")
        .arg(key_b)
        .arg(backed_up_later(blob_b, 2_000))
        .query(&mut conn)
        .expect("SET");
    let updated_c = backed_up_later(blob_c, 1_000);
    let _: () = redis::cmd("SET")
        .arg(key_c)
        .arg(&updated_c)
        .query(&mut conn)
        .expect("SET");
    wait_for("the update of c reaches v2_", || {
        get(&mut conn, &target(key_c)).is_some_and(|v| as_msm_java(&v) == updated_c)
    });
    assert_eq!(
        get(&mut conn, &target(key_b)).expect("present"),
        fleet,
        "the new fleet's write wins"
    );

    // SIGINT ends following with the report.
    // SAFETY: kill sends a signal to the child this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().expect("jsess ends");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    // Exit 1 only for sessions left untouched (the Kryo example while jsess cannot read it).
    let failed = report["failed"].as_u64().unwrap_or(0);
    assert_eq!(out.status.code(), Some(i32::from(failed > 0)), "{report}");
    assert!(
        report["migrated"].as_u64().unwrap_or(0) >= sessions.len() as u64 + 2,
        "{report}"
    );
    assert!(
        report["skipped"]["target written since by the new fleet (kept)"]
            .as_u64()
            .unwrap_or(0)
            >= 1,
        "{report}"
    );

    // Rolling back removes the copies (there was nothing under v2_ before) except the one the
    // new fleet wrote.
    let rollback = ok(&jsess()
        .args([
            "rollback",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
            &server.url(),
        ])
        .output()
        .expect("rollback"));
    assert!(
        rollback["outcomes"]["restored"].as_u64().unwrap_or(0) >= sessions.len() as u64,
        "{rollback}"
    );
    for (key, _) in &sessions {
        let left = get(&mut conn, &target(key));
        if key == key_b {
            assert_eq!(left, Some(fleet.clone()));
        } else {
            assert_eq!(left, None, "{}", String::from_utf8_lossy(key));
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn msm_lock_skips_sessions_a_tomcat_holds_and_releases_its_own() {
    let server = Server::start("lock");
    let mut conn = server.conn();
    let originals = load_many(&mut conn, 40);
    // A Tomcat is in a request on s3 for longer than jsess waits.
    let _: () = redis::cmd("SET")
        .arg("lock:s3")
        .arg("locked")
        .arg("PX")
        .arg(60_000)
        .query(&mut conn)
        .expect("SET");
    let dir = support::temp_dir("lock-backup");
    let report = ok(&jsess()
        .args([
            "migrate",
            &server.url(),
            "--to",
            "postcard",
            "--json",
            "--msm-lock",
        ])
        .args(["--backup", dir.join("b.bak").to_str().expect("utf-8")])
        .output()
        .expect("run"));
    assert_eq!(report["migrated"], 39);
    assert_eq!(
        report["skipped"]["locked by a Tomcat (lock: key held), left untouched"], 1,
        "{report}"
    );
    assert_eq!(get(&mut conn, b"s3").expect("present"), originals[3]);
    let locks: Vec<Vec<u8>> = redis::cmd("KEYS")
        .arg("lock:*")
        .query(&mut conn)
        .expect("KEYS");
    assert_eq!(
        locks,
        vec![b"lock:s3".to_vec()],
        "jsess released every lock it took"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn shards_behind_a_proxy_are_scanned_and_migrated_each() {
    let shards = [Server::start("shard-a"), Server::start("shard-b")];
    let sessions = corpus_sessions("");
    for (i, (key, blob)) in sessions.iter().enumerate() {
        let _: () = redis::cmd("SET")
            .arg(key)
            .arg(blob)
            .arg("PX")
            .arg(SESSION_TTL_MS)
            .query(&mut shards[i % 2].conn())
            .expect("SET");
    }
    let source = format!("{},{}", shards[0].url(), shards[1].url());
    let scan = ok(&jsess()
        .args(["scan", "--json", &source])
        .output()
        .expect("run"));
    assert_eq!(scan["sessions_decoded"], sessions.len());
    let dir = support::temp_dir("shards-backup");
    let backup = dir.join("b.bak");
    let report = ok(&jsess()
        .args([
            "migrate",
            &source,
            "--to",
            "json",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
        ])
        .output()
        .expect("run"));
    assert_eq!(report["migrated"], sessions.len());
    let refused = jsess()
        .args([
            "migrate",
            &source,
            "--to",
            "json",
            "--target-prefix",
            "v2_",
            "--dry-run",
        ])
        .output()
        .expect("run");
    assert_eq!(
        refused.status.code(),
        Some(1),
        "no target prefix behind a proxy's hash"
    );
    let rollback = ok(&jsess()
        .args([
            "rollback",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
            &source,
        ])
        .output()
        .expect("run"));
    assert_eq!(rollback["outcomes"]["restored"], sessions.len());
    for (i, (key, blob)) in sessions.iter().enumerate() {
        assert_eq!(&get(&mut shards[i % 2].conn(), key).expect("present"), blob);
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Java serialization → Kryo on a live store, the issue's own example: every session Kryo can
/// hold becomes the bytes msm's KryoTranscoder writes and reads back with the same values; the
/// ones Kryo cannot hold are left untouched and named; rollback restores every byte.
#[test]
fn migrate_java_sessions_to_kryo_with_the_application_classes() {
    let server = Server::start("migrate-kryo");
    let mut conn = server.conn();
    let (sessions, _) = load(&mut conn, "");
    let before = snapshot(&mut conn);
    let dir = support::temp_dir("migrate-kryo");
    let backup = dir.join("kryo.bak");
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/kryo/app-classes.jar");
    let out = jsess()
        .args(["migrate", &server.url(), "--to", "msm-kryo", "--json"])
        .args(["--classpath", jar.to_str().expect("utf-8")])
        .args(["--backup", backup.to_str().expect("utf-8")])
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    // Three corpus sessions hold what Kryo cannot (List.of, java.time, a value that failed to
    // serialize): exit 1, each named.
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert_eq!(report["failed"], 3, "{report}");
    for failure in report["failures"].as_array().expect("failures") {
        let reason = failure["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("attribute"), "{reason}");
    }
    let migrated = report["migrated"].as_u64().expect("count") as usize;
    assert_eq!(migrated, sessions.len() - 3);
    let after = snapshot(&mut conn);
    let mut kryo = 0;
    for (key, blob) in &sessions {
        let value = &after[key].0;
        if format_of(value) == Some("msm-kryo") {
            kryo += 1;
            let twin = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../corpora/kryo")
                .join(format!("{}.bin", corpus_name(blob)));
            if twin.exists() {
                assert_eq!(
                    value,
                    &std::fs::read(&twin).expect("twin"),
                    "{}: not the bytes real Kryo wrote",
                    String::from_utf8_lossy(key)
                );
            }
        } else {
            assert_eq!(value, blob, "a session that failed is untouched");
        }
    }
    assert_eq!(kryo, migrated);
    let rollback = ok(&jsess()
        .args([
            "rollback",
            "--json",
            "--backup",
            backup.to_str().expect("utf-8"),
        ])
        .arg(server.url())
        .output()
        .expect("run"));
    assert_eq!(rollback["outcomes"]["restored"], migrated, "{rollback}");
    let restored = snapshot(&mut conn);
    for (key, (value, _)) in &before {
        assert_eq!(&restored[key].0, value, "{}", String::from_utf8_lossy(key));
    }
}

/// The corpus file a session blob came from.
fn corpus_name(blob: &[u8]) -> String {
    corpus()
        .into_iter()
        .find(|(_, b)| b == blob)
        .map(|(name, _)| name)
        .unwrap_or_default()
}
