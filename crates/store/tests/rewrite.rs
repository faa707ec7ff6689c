//! The rewrite engine and rollback on a directory and on a real redis-server, with a plan
//! that knows no session format: it appends a marker to every value whose first byte is `S`
//! (a "session" with id = the key), and can write to the store while deciding, as an
//! application writing between jsess's read and write would.

mod support;

use std::collections::BTreeMap;
use std::sync::Mutex;

use jsess_store::{rollback, Decision, Plan, Rewrite};
use jsess_testkit::{temp_dir, Server};
use support::{files, settings, Mark};

#[test]
fn directory_rewrite_and_rollback() {
    let root = temp_dir("rewrite-dir");
    let dir = root.join("store");
    std::fs::create_dir_all(&dir).expect("dir");
    for (name, value) in [
        ("a", "S1"),
        ("b", "S2!"),
        ("c", "plain"),
        ("d", "X"),
        ("e", "S5"),
    ] {
        std::fs::write(dir.join(name), value).expect("write");
    }
    let before = files(&dir);
    let backup = root.join("backup");
    let plan = Mark::default();
    let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let mut rewrite = Rewrite::start(store, &plan, settings(backup.clone())).expect("start");
    rewrite.pass().expect("pass");
    let report = rewrite.report();
    assert_eq!(report.counters.migrated, 2);
    assert_eq!(report.counters.failed, 1);
    assert_eq!(report.counters.failures[0].key, "d");
    assert_eq!(report.counters.skipped.get("already marked"), Some(&1));
    assert_eq!(report.counters.skipped.get("not a session"), Some(&1));
    assert_eq!(std::fs::read(dir.join("a")).expect("a"), b"S1!");
    assert_eq!(std::fs::read(dir.join("e")).expect("e"), b"S5!");

    // A second run refuses to overwrite the backup; a dry run writes nothing.
    let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let refused = Rewrite::start(store, &plan, settings(backup.clone()));
    assert!(matches!(refused, Err(jsess_store::Error::Refused(_))));

    let mut store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let report = rollback(store.as_mut(), &backup, &jsess_store::rewrite::Quiet).expect("rollback");
    assert_eq!(report.outcomes.get("restored"), Some(&2));
    assert_eq!(files(&dir), before, "every byte back");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn redis_rewrite_keeps_newer_writes_and_rolls_back() {
    keeps_newer_writes_and_rolls_back(1);
}

/// The same with batches written by the writer thread: keys watched since they were read,
/// written by transactions, and the compare-and-set script for a batch whose watch saw the
/// application's write.
#[test]
fn watched_writes_keep_newer_writes_and_roll_back() {
    let stats = keeps_newer_writes_and_rolls_back(2);
    assert!(
        support::calls(&stats, "exec") > 0,
        "written by transactions"
    );
    assert!(
        support::calls(&stats, "evalsha") > 0,
        "a changed batch through the script"
    );
}

/// Runs the rewrite with `threads` deciding; returns the server's `INFO commandstats` after
/// the pass.
fn keeps_newer_writes_and_rolls_back(threads: usize) -> String {
    let server = Server::start(&format!("rewrite-redis-{threads}"));
    let mut conn = server.conn();
    for (key, value) in [("s1", "S1"), ("s2", "S2"), ("busy", "S3"), ("always", "S4")] {
        redis::cmd("SET")
            .arg(key)
            .arg(value)
            .arg("PX")
            .arg(600_000)
            .exec(&mut conn)
            .expect("SET");
    }
    // "busy" is written by the application once between read and write, "always" every time.
    let plan = Mark {
        concurrent: Mutex::new(BTreeMap::from([
            (b"busy".to_vec(), 1),
            (b"always".to_vec(), 3),
        ])),
        url: Some(server.url()),
    };
    let dir = temp_dir("rewrite-redis-backup");
    let backup = dir.join("backup");
    let store = jsess_store::open(&server.url()).expect("open");
    let settings = jsess_store::Settings {
        threads,
        ..settings(backup.clone())
    };
    let mut rewrite = Rewrite::start(store, &plan, settings).expect("start");
    rewrite.pass().expect("pass");
    let report = rewrite.report();
    let stats: String = redis::cmd("INFO")
        .arg("commandstats")
        .query(&mut conn)
        .expect("INFO");
    let get = |conn: &mut redis::Connection, key: &str| -> Vec<u8> {
        redis::cmd("GET").arg(key).query(conn).expect("GET")
    };
    assert_eq!(get(&mut conn, "s1"), b"S1!");
    // The application's value was rewritten on the second attempt, not the value read first.
    assert_eq!(get(&mut conn, "busy"), b"S-app-0!");
    // Changed on every attempt: the application's last write stays.
    assert_eq!(get(&mut conn, "always"), b"S-app-0");
    assert_eq!(
        report
            .counters
            .skipped
            .get("changed by the application on every attempt (left as written)"),
        Some(&1)
    );
    assert_eq!(report.counters.migrated, 3);
    let ttl: i64 = redis::cmd("PTTL").arg("s1").query(&mut conn).expect("PTTL");
    assert!(ttl > 500_000, "the time to live is kept: {ttl}");

    // The application writes s2 after the migration: rollback keeps it.
    redis::cmd("SET")
        .arg("s2")
        .arg("S2-new")
        .exec(&mut conn)
        .expect("SET");
    let mut store = jsess_store::open(&server.url()).expect("open");
    let report = rollback(store.as_mut(), &backup, &jsess_store::rewrite::Quiet).expect("rollback");
    // s1 and busy's second write are put back; records of writes the application beat (busy's
    // first, always's three) and s2 are left alone.
    assert_eq!(report.outcomes.get("restored"), Some(&2), "{report:?}");
    assert_eq!(get(&mut conn, "s1"), b"S1");
    assert_eq!(get(&mut conn, "s2"), b"S2-new");
    assert_eq!(get(&mut conn, "busy"), b"S-app-0");
    let _ = std::fs::remove_dir_all(&dir);
    stats
}

#[test]
fn target_prefix_never_overwrites_a_newer_session() {
    let server = Server::start("rewrite-target");
    let mut conn = server.conn();
    for (key, value) in [("old_a", "S10"), ("old_b", "S20"), ("new_b", "S99")] {
        redis::cmd("SET")
            .arg(key)
            .arg(value)
            .exec(&mut conn)
            .expect("SET");
    }
    let plan = Mark::default();
    let dir = temp_dir("rewrite-target-backup");
    let mut settings = settings(dir.join("backup"));
    settings.source_prefix = b"old_".to_vec();
    settings.target_prefix = Some(b"new_".to_vec());
    // The "session id" is the key without its prefix (msm's storageKeyPrefix ends in `_`).
    struct Ids(Mark);
    impl Plan for Ids {
        fn decide(&self, key: &[u8], bytes: &[u8]) -> Decision {
            match self.0.decide(key, bytes) {
                Decision::Write {
                    bytes, written_at, ..
                } => Decision::Write {
                    bytes,
                    id: key[4..].to_vec(),
                    written_at,
                    dropped: Vec::new(),
                },
                other => other,
            }
        }
        fn written_at(&self, bytes: &[u8]) -> Option<i64> {
            self.0.written_at(bytes)
        }
    }
    let plan = Ids(plan);
    let store = jsess_store::open(&server.url()).expect("open");
    let mut rewrite = Rewrite::start(store, &plan, settings).expect("start");
    rewrite.pass().expect("pass");
    let report = rewrite.report();
    let get = |conn: &mut redis::Connection, key: &str| -> Vec<u8> {
        redis::cmd("GET").arg(key).query(conn).expect("GET")
    };
    assert_eq!(get(&mut conn, "new_a"), b"S10!", "{report:?}");
    assert_eq!(
        get(&mut conn, "new_b"),
        b"S99",
        "the new fleet's newer session is kept"
    );
    assert_eq!(
        get(&mut conn, "old_a"),
        b"S10",
        "the source is left as it is"
    );
    assert_eq!(
        report
            .counters
            .skipped
            .get("target written since by the new fleet (kept)"),
        Some(&1)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sessions are decided on a worker pool: any number of threads gives the same store, tally
/// and backup as one thread, in the same order.
#[test]
fn the_worker_pool_changes_nothing_but_who_does_the_work() {
    let root = temp_dir("rewrite-threads");
    let mut outcomes = Vec::new();
    for threads in [1, 3] {
        let dir = root.join(format!("store-{threads}"));
        std::fs::create_dir_all(&dir).expect("dir");
        for i in 0..200 {
            let value = match i % 7 {
                0 => "plain".to_string(),
                1 => "X".to_string(),
                2 => format!("S{i}!"),
                _ => format!("S{i}"),
            };
            std::fs::write(dir.join(format!("k{i:03}")), value).expect("write");
        }
        let backup = root.join(format!("backup-{threads}"));
        let plan = Mark::default();
        let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
        let settings = jsess_store::Settings {
            threads,
            batch_size: 50,
            ..settings(backup.clone())
        };
        let mut rewrite = Rewrite::start(store, &plan, settings).expect("start");
        rewrite.pass().expect("pass");
        let report = rewrite.report();
        assert_eq!(report.threads, threads, "{threads} threads");
        let tally = serde_json::to_value(&report.counters).expect("tally");
        outcomes.push((
            tally,
            files(&dir),
            std::fs::read(&backup).expect("backup").len(),
        ));
    }
    assert_eq!(outcomes[0].0, outcomes[1].0, "the same tally");
    assert_eq!(outcomes[0].1, outcomes[1].1, "the same store");
    assert_eq!(outcomes[0].2, outcomes[1].2, "the same backup size");
    let _ = std::fs::remove_dir_all(&root);
}

/// Stops a pass (as Ctrl-C does) once it has decided `after` sessions.
struct StopAfter {
    mark: Mark,
    after: usize,
    decided: std::sync::atomic::AtomicUsize,
    flag: Mutex<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>>,
}

impl Plan for StopAfter {
    fn decide(&self, key: &[u8], bytes: &[u8]) -> Decision {
        use std::sync::atomic::Ordering;
        if self.decided.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
            if let Some(flag) = &*self.flag.lock().expect("not poisoned") {
                flag.store(true, Ordering::SeqCst);
            }
        }
        self.mark.decide(key, bytes)
    }

    fn written_at(&self, bytes: &[u8]) -> Option<i64> {
        self.mark.written_at(bytes)
    }
}

/// With batches decided while others are read and written, a stopped pass leaves a checkpoint
/// that names only batches written (everything before it is rewritten), and the resumed run
/// rewrites the rest: no session is left out, the counters add up.
#[test]
fn an_interrupted_overlapped_pass_resumes_where_its_writes_ended() {
    let root = temp_dir("rewrite-interrupted");
    let dir = root.join("store");
    std::fs::create_dir_all(&dir).expect("dir");
    for i in 0..300 {
        std::fs::write(dir.join(format!("k{i:03}")), format!("S{i}")).expect("write");
    }
    let backup = root.join("backup");
    let settings = |resume: bool| jsess_store::Settings {
        threads: 2,
        batch_size: 10,
        resume,
        ..settings(backup.clone())
    };
    let plan = StopAfter {
        mark: Mark::default(),
        after: 95,
        decided: Default::default(),
        flag: Mutex::new(None),
    };
    let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let mut rewrite = Rewrite::start(store, &plan, settings(false)).expect("start");
    *plan.flag.lock().expect("not poisoned") = Some(rewrite.interrupt_flag());
    rewrite.pass().expect("pass");
    assert!(rewrite.interrupted());
    let first = rewrite.report().counters.migrated;
    assert!(
        (95..300).contains(&(first as usize)),
        "stopped early: {first}"
    );
    let checkpoint: serde_json::Value = serde_json::from_slice(
        &std::fs::read(jsess_store::checkpoint::path_for(&backup)).expect("checkpoint"),
    )
    .expect("json");
    let next = checkpoint["position"]["cursor"].as_u64().expect("cursor") as usize;
    let written = files(&dir);
    for (i, (name, value)) in written.iter().enumerate() {
        if i < next {
            assert!(
                value.ends_with(b"!"),
                "{name} is before the checkpoint ({next}) but not written"
            );
        }
    }
    assert_eq!(
        checkpoint["counters"]["migrated"], first,
        "the counters of what was written"
    );

    let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let plan = Mark::default();
    let mut resumed = Rewrite::start(store, &plan, settings(true)).expect("resume");
    resumed.pass().expect("pass");
    let counters = resumed.report().counters;
    let already = counters.skipped.get("already marked").copied().unwrap_or(0);
    assert_eq!(counters.migrated + already, 300, "{counters:?}");
    assert!(files(&dir)
        .values()
        .all(|v| v.ends_with(b"!") && !v.ends_with(b"!!")));
    let _ = std::fs::remove_dir_all(&root);
}
