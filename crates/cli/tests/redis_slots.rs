//! `jsess migrate --slots A-B`: one store split between workers that run at the same time as
//! separate processes (three on a 3-primary Cluster, two on one server), each with its own
//! backup, every session migrated by exactly one of them; then one `jsess rollback` with every
//! worker's backup puts every byte back. Bad ranges, and a resume with another range, are
//! refused.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::Instant;

use jsess_store::backup::BackupReader;
use jsess_store::{slot, SlotRange};
use support::dump::{assert_same_keyspace, keyspace, Keyspace};
use support::msm::*;
use support::{corpus_sessions, jsess, ok, Cluster, Server};

/// Extra sessions `s0`, `s1`, … (the corpus's blobs in turn), each with msm's validity key
/// and every third with its lock key, so that companions hash to other slots than their
/// sessions. Returns the session keys and blobs.
fn load_with_companions(conn: &mut impl redis::ConnectionLike, n: usize) -> Vec<KeyValue> {
    let blobs: Vec<Vec<u8>> = corpus_sessions("").into_iter().map(|(_, b)| b).collect();
    let mut sessions = Vec::with_capacity(n);
    for i in 0..n {
        let key = format!("s{i}");
        let blob = blobs[i % blobs.len()].clone();
        let mut set = redis::cmd("SET");
        set.arg(&key).arg(&blob);
        if i % 2 == 0 {
            set.arg("PX").arg(SESSION_TTL_MS);
        }
        conn.req_command(&set).expect("SET");
        conn.req_command(
            redis::cmd("SET")
                .arg(format!("validity:{key}"))
                .arg([7u8; 20].as_slice())
                .arg("PX")
                .arg(SESSION_TTL_MS),
        )
        .expect("SET validity");
        if i % 3 == 0 {
            conn.req_command(redis::cmd("SET").arg(format!("lock:{key}")).arg("locked"))
                .expect("SET lock");
        }
        sessions.push((key.into_bytes(), blob));
    }
    sessions
}

/// A worker: `jsess migrate URL --to postcard --slots RANGE --backup FILE --json`, started.
fn spawn_worker(url: &str, slots: &str, backup: &Path) -> Child {
    jsess()
        .args(["migrate", url, "--to", "postcard", "--json", "--batch", "9"])
        .args(["--slots", slots])
        .args(["--backup", backup.to_str().expect("utf-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start jsess migrate")
}

/// A worker's report, after checking its exit code says what the report does: 1 exactly when
/// some session failed (the Kryo example without its classes), 0 otherwise.
fn report(out: &Output) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("no JSON report: {}", String::from_utf8_lossy(&out.stderr)));
    let failed = report["failed"].as_u64().expect("failed");
    assert_eq!(
        out.status.code(),
        Some(if failed > 0 { 1 } else { 0 }),
        "{report}"
    );
    for failure in report["failures"].as_array().expect("failures") {
        assert_eq!(failure["key"], "kryo-session", "{report}");
    }
    report
}

/// Runs one worker per range at once and checks they split the store (`before`, its
/// `sessions`): every key seen by one worker, every session migrated by the worker of its slot
/// and by no other, msm's validity and lock keys counted by their session's worker.
fn split(
    url: &str,
    ranges: &[&str],
    backups: &[PathBuf],
    before: &Keyspace,
    sessions: &[KeyValue],
) -> Vec<serde_json::Value> {
    let workers: Vec<Child> = ranges
        .iter()
        .zip(backups)
        .map(|(slots, backup)| spawn_worker(url, slots, backup))
        .collect();
    let reports: Vec<serde_json::Value> = workers
        .into_iter()
        .map(|w| report(&w.wait_with_output().expect("wait for jsess")))
        .collect();
    let sum = |field: &str| -> u64 {
        reports
            .iter()
            .map(|r| r[field].as_u64().expect("a count"))
            .sum()
    };
    // Every string is seen once (the one hash is not a string: not scanned).
    assert_eq!(sum("values_seen"), before.len() as u64 - 1, "{reports:?}");
    // Every session, and the Kryo example, migrated or failed exactly once.
    assert_eq!(
        sum("migrated") + sum("failed"),
        sessions.len() as u64 + 1,
        "{reports:?}"
    );
    let mut migrated = BTreeSet::new();
    for ((report, slots), backup) in reports.iter().zip(ranges).zip(backups) {
        assert_eq!(report["slots"], *slots);
        let range: SlotRange = slots.parse().expect("range");
        let keys: Vec<Vec<u8>> = BackupReader::open(backup)
            .expect("backup")
            .map(|record| record.expect("record").key)
            .collect();
        assert_eq!(keys.len() as u64, report["migrated"], "{report}");
        for key in keys {
            let name = String::from_utf8_lossy(&key).into_owned();
            assert!(range.contains(slot(&key)), "{name} migrated by {slots}");
            assert!(migrated.insert(key), "{name} migrated twice");
        }
        // msm's companions are counted by the worker of the key they name, not their own.
        for marker in ["validity:", "lock:"] {
            let theirs = before
                .keys()
                .filter_map(|key| key.strip_prefix(marker.as_bytes()))
                .filter(|session| range.contains(slot(session)))
                .count();
            let reason = format!("{} key", marker.trim_end_matches(':'));
            assert_eq!(report["skipped"][&reason], theirs, "{reason}: {report}");
        }
    }
    let expected: BTreeSet<Vec<u8>> = sessions.iter().map(|(key, _)| key.clone()).collect();
    assert!(migrated.is_superset(&expected));
    assert!(
        migrated.len() <= expected.len() + 1,
        "only the Kryo example besides"
    );
    reports
}

/// Some companion keys hash to another range than their session: the split must get those
/// right, or the test proves nothing.
fn assert_companions_cross(before: &Keyspace, ranges: &[&str]) {
    let ranges: Vec<SlotRange> = ranges.iter().map(|r| r.parse().expect("range")).collect();
    let of = |slot: u16| ranges.iter().position(|r| r.contains(slot));
    let crossing = before
        .keys()
        .filter_map(|key| Some((key, key.strip_prefix(b"validity:")?)))
        .filter(|(key, session)| of(slot(key)) != of(slot(session)))
        .count();
    assert!(crossing > 0, "no validity key outside its session's range");
}

/// Every session now holds postcard bytes that read back as the original.
fn assert_migrated(conn: &mut impl redis::ConnectionLike, sessions: &[KeyValue]) {
    for (key, blob) in sessions {
        let value = get(conn, key).expect("present");
        assert_eq!(format_of(&value), Some("postcard"));
        assert_eq!(
            &as_msm_java(&value),
            blob,
            "{}",
            String::from_utf8_lossy(key)
        );
    }
}

/// `jsess rollback --json --backup A --backup B … URL`: every migrated session restored, the
/// totals and each file's count in the report.
fn rollback_all(url: &str, backups: &[PathBuf], reports: &[serde_json::Value]) {
    let mut rollback = jsess();
    rollback.args(["rollback", "--json", url]);
    for backup in backups {
        rollback.args(["--backup", backup.to_str().expect("utf-8")]);
    }
    let totals = ok(&rollback.output().expect("run jsess rollback"));
    let migrated: u64 = reports
        .iter()
        .map(|r| r["migrated"].as_u64().expect("migrated"))
        .sum();
    assert_eq!(totals["records"], migrated, "{totals}");
    assert_eq!(totals["outcomes"]["restored"], migrated, "{totals}");
    let files = totals["backups"].as_array().expect("backups");
    assert_eq!(files.len(), backups.len());
    for ((file, backup), report) in files.iter().zip(backups).zip(reports) {
        assert_eq!(file["backup"], backup.to_str().expect("utf-8"));
        assert_eq!(file["records"], report["migrated"]);
        assert_eq!(file["outcomes"]["restored"], report["migrated"]);
    }
}

#[test]
fn three_workers_split_a_cluster_and_one_rollback_restores_every_byte() {
    let cluster = Cluster::start("slots-cluster");
    let mut conn = cluster.conn();
    let (mut sessions, _) = load(&mut conn, "");
    sessions.extend(load_with_companions(&mut conn, 150));
    let ranges = ["0-5460", "5461-10922", "10923-16383"];
    let before = cluster.keyspace();
    assert_companions_cross(&before, &ranges);
    let started = Instant::now();
    let dir = support::temp_dir("slots-cluster-backups");
    let backups: Vec<PathBuf> = ["a", "b", "c"].iter().map(|n| dir.join(n)).collect();

    let reports = split(&cluster.url(), &ranges, &backups, &before, &sessions);
    for report in &reports {
        assert!(report["migrated"].as_u64() > Some(0), "{report}");
    }
    assert_migrated(&mut conn, &sessions);

    rollback_all(&cluster.url(), &backups, &reports);
    assert_same_keyspace(&before, &cluster.keyspace(), started.elapsed());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn two_workers_split_a_standalone_server() {
    let server = Server::start("slots-standalone");
    let mut conn = server.conn();
    let (mut sessions, _) = load(&mut conn, "");
    sessions.extend(load_with_companions(&mut conn, 80));
    let ranges = ["0-8191", "8192-16383"];
    let before = keyspace(&mut conn);
    assert_companions_cross(&before, &ranges);
    let started = Instant::now();
    let dir = support::temp_dir("slots-standalone-backups");
    let backups: Vec<PathBuf> = ["low.bak", "high.bak"]
        .iter()
        .map(|n| dir.join(n))
        .collect();

    let reports = split(&server.url(), &ranges, &backups, &before, &sessions);
    assert_migrated(&mut conn, &sessions);

    rollback_all(&server.url(), &backups, &reports);
    assert_same_keyspace(&before, &keyspace(&mut conn), started.elapsed());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_slot_ranges_are_usage_errors() {
    for (range, says) in [
        ("5461-100", "slot range 5461-100 is reversed"),
        (
            "0-16384",
            "slot 16384 is out of range: slots are 0 to 16383",
        ),
        ("16384", "slot 16384 is out of range"),
        ("a-b", "slot range \"a-b\" is not A-B or N"),
        ("1-2-3", "is not A-B or N"),
        ("", "is not A-B or N"),
        ("-5", "is not A-B or N"),
    ] {
        // Refused before any connection: nothing listens on port 1. (`--slots=…`, so that
        // `-5` is a value rather than a flag.)
        let out = jsess()
            .args(["migrate", "redis://127.0.0.1:1/0", "--to", "postcard"])
            .args(["--dry-run", &format!("--slots={range}")])
            .output()
            .expect("run jsess");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{range:?}: {stderr}");
        assert!(
            stderr.contains(&format!("invalid value '{range}' for '--slots <A-B>'")),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{range:?}: {stderr}");
        assert!(!stderr.contains("connect"), "{stderr}");
    }
}

#[test]
fn a_resume_with_another_range_is_refused() {
    let server = Server::start("slots-resume");
    let mut conn = server.conn();
    let sessions = load_with_companions(&mut conn, 40);
    let dir = support::temp_dir("slots-resume-backup");
    let backup = dir.join("low.bak");
    let migrate = |slots: Option<&str>, resume: bool| {
        let mut command = jsess();
        command
            .args(["migrate", &server.url(), "--to", "postcard", "--json"])
            .args(["--backup", backup.to_str().expect("utf-8")]);
        if let Some(slots) = slots {
            command.args(["--slots", slots]);
        }
        if resume {
            command.arg("--resume");
        }
        command.output().expect("run jsess")
    };
    let low = ok(&migrate(Some("0-8191"), false));
    assert_eq!(low["slots"], "0-8191");
    let high: Vec<&KeyValue> = sessions
        .iter()
        .filter(|(key, _)| slot(key) > 8191)
        .collect();
    assert!(!high.is_empty());
    for (requested, named) in [
        (Some("8192-16383"), "not slots 8192-16383"),
        (None, "not every slot"),
    ] {
        let out = migrate(requested, true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("the checkpoint is of slots 0-8191") && stderr.contains(named),
            "{stderr}"
        );
    }
    // Nothing of the other range was touched.
    for (key, blob) in high {
        assert_eq!(get(&mut conn, key).as_ref(), Some(blob));
    }
    // The same range resumes (and finds its share done).
    let again = ok(&migrate(Some("0-8191"), true));
    assert_eq!(again["migrated"], low["migrated"]);
    let _ = std::fs::remove_dir_all(dir);
}
