//! A store split between workers by hash slots: each worker rewrites the keys of its range,
//! msm's companion keys going with their session's worker, with its own backup and checkpoint;
//! one rollback takes every worker's backup. On a real redis-server, a real Cluster (for the
//! slot function against `CLUSTER KEYSLOT`) and a directory.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use jsess_store::backup::BackupReader;
use jsess_store::{rollback_all, slot, Error, Quiet, Report, Rewrite, SlotRange};
use jsess_testkit::dump::{assert_same_keyspace, keyspace};
use jsess_testkit::{temp_dir, Cluster, Server};
use support::{settings, Mark};

const SESSIONS: usize = 60;

fn range(text: &str) -> SlotRange {
    text.parse().expect("a slot range")
}

/// The keys a backup file holds.
fn backed_up(path: &Path) -> BTreeSet<Vec<u8>> {
    BackupReader::open(path)
        .expect("backup")
        .map(|record| record.expect("record").key)
        .collect()
}

/// One worker's rewrite of `url` under the target prefix `v2_`, for the slots of `slots`.
fn worker(url: &str, plan: &Mark, slots: SlotRange, backup: &Path) -> Report {
    let mut settings = settings(backup.to_path_buf());
    settings.batch_size = 7;
    settings.target_prefix = Some(b"v2_".to_vec());
    settings.slots = Some(slots);
    let store = jsess_store::open(url).expect("open");
    let mut rewrite = Rewrite::start(store, plan, settings).expect("start");
    rewrite.pass().expect("pass");
    rewrite.report()
}

#[test]
fn two_workers_split_a_server_and_companions_follow_their_session() {
    let server = Server::start("slots-split");
    let mut conn = server.conn();
    let mut pipe = redis::pipe();
    for i in 0..SESSIONS {
        let key = format!("s{i}");
        pipe.cmd("SET").arg(&key).arg(format!("S{i}"));
        if i % 3 != 0 {
            pipe.arg("PX").arg(600_000);
        }
        // msm's validity value: three longs (20 bytes), beside the session under its own key.
        pipe.cmd("SET")
            .arg(format!("validity:{key}"))
            .arg([0u8; 20].as_slice())
            .arg("PX")
            .arg(600_000);
        if i % 4 == 0 {
            pipe.cmd("SET").arg(format!("lock:{key}")).arg("locked");
        }
    }
    pipe.cmd("SET").arg("app:counter").arg("17");
    pipe.cmd("HSET").arg("spring:session:x").arg("f").arg("v");
    pipe.query::<()>(&mut conn).expect("load");
    let halves = [range("0-8191"), range("8192-16383")];
    // The companions hash elsewhere than their sessions: some validity keys live in the other
    // half, which is what the rule must get right.
    let crossing = (0..SESSIONS)
        .filter(|i| {
            let key = format!("s{i}");
            halves[0].contains(slot(key.as_bytes()))
                != halves[0].contains(slot(format!("validity:{key}").as_bytes()))
        })
        .count();
    assert!(crossing > 0, "no validity key in the other half");
    let strings: u64 = redis::cmd("DBSIZE").query(&mut conn).expect("DBSIZE");
    let before = keyspace(&mut conn);
    let started = Instant::now();

    let dir = temp_dir("slots-split-backups");
    let backups = [dir.join("a.bak"), dir.join("b.bak")];
    let plan = Mark::default();
    let reports: Vec<Report> = halves
        .iter()
        .zip(&backups)
        .map(|(slots, backup)| worker(&server.url(), &plan, *slots, backup))
        .collect();

    let sum = |f: fn(&Report) -> u64| reports.iter().map(f).sum::<u64>();
    // Every key but the hash (scanned are strings) is seen by exactly one worker.
    assert_eq!(sum(|r| r.counters.values_seen), strings - 1);
    assert_eq!(sum(|r| r.counters.migrated), SESSIONS as u64);
    assert_eq!(sum(|r| r.counters.validity_copied), SESSIONS as u64);
    for (report, slots) in reports.iter().zip(&halves) {
        assert_eq!(report.slots, Some(*slots));
        let json = serde_json::to_value(report).expect("JSON");
        assert_eq!(json["slots"], slots.to_string());
        assert!(report.counters.migrated > 0, "{report:?}");
    }
    for i in 0..SESSIONS {
        let copy: Option<Vec<u8>> = redis::cmd("GET")
            .arg(format!("v2_s{i}"))
            .query(&mut conn)
            .expect("GET");
        assert_eq!(copy, Some(format!("S{i}!").into_bytes()));
        let validity: Option<Vec<u8>> = redis::cmd("GET")
            .arg(format!("validity:v2_s{i}"))
            .query(&mut conn)
            .expect("GET");
        assert_eq!(validity, Some(vec![0u8; 20]), "validity:v2_s{i}");
    }
    // Each worker backed up the copies of its own sessions and their validity keys only.
    let sets: Vec<BTreeSet<Vec<u8>>> = backups.iter().map(|b| backed_up(b)).collect();
    for (keys, slots) in sets.iter().zip(&halves) {
        for key in keys {
            let source = key.strip_prefix(b"validity:").unwrap_or(key);
            let source = source.strip_prefix(b"v2_").expect("a copy");
            assert!(
                slots.contains(slot(source)),
                "{} in {slots}'s backup",
                String::from_utf8_lossy(key)
            );
        }
    }
    assert!(sets[0].is_disjoint(&sets[1]));
    assert_eq!(sets[0].len() + sets[1].len(), 2 * SESSIONS);

    let mut store = jsess_store::open(&server.url()).expect("open");
    let totals = rollback_all(store.as_mut(), &backups, &Quiet).expect("rollback");
    assert_eq!(totals.records, 2 * SESSIONS as u64);
    assert_eq!(
        totals.outcomes.get("restored"),
        Some(&(2 * SESSIONS as u64))
    );
    assert_eq!(totals.backups.len(), 2);
    for (report, (path, keys)) in totals.backups.iter().zip(backups.iter().zip(&sets)) {
        assert_eq!(report.backup, path.display().to_string());
        assert_eq!(report.records, keys.len() as u64);
    }
    assert_same_keyspace(&before, &keyspace(&mut conn), started.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rollback_of_several_backups_checks_every_file_first() {
    let root = temp_dir("slots-rollback-missing");
    let dir = root.join("store");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("a"), "S1").expect("write");
    let backup = root.join("a.bak");
    let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let plan = Mark::default();
    let mut rewrite = Rewrite::start(store, &plan, settings(backup.clone())).expect("start");
    rewrite.pass().expect("pass");
    assert_eq!(std::fs::read(dir.join("a")).expect("a"), b"S1!");
    let mut store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
    let missing = root.join("missing.bak");
    let refused = rollback_all(store.as_mut(), &[backup.clone(), missing], &Quiet);
    assert!(matches!(refused, Err(Error::Io { .. })), "{refused:?}");
    // Nothing was restored from the file that did open.
    assert_eq!(std::fs::read(dir.join("a")).expect("a"), b"S1!");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn resuming_with_another_range_is_refused() {
    let root = temp_dir("slots-resume");
    let dir = root.join("store");
    std::fs::create_dir_all(&dir).expect("dir");
    for i in 0..20 {
        std::fs::write(dir.join(format!("s{i}")), format!("S{i}")).expect("write");
    }
    let source = dir.to_str().expect("utf-8");
    let plan = Mark::default();
    let start = |backup: &Path, slots: Option<SlotRange>, resume: bool| {
        let mut settings = settings(backup.to_path_buf());
        settings.slots = slots;
        settings.resume = resume;
        Rewrite::start(jsess_store::open(source).expect("open"), &plan, settings)
    };
    let first = range("0-8191");
    let backup = root.join("first.bak");
    start(&backup, Some(first), false)
        .expect("start")
        .pass()
        .expect("pass");
    let checkpoint: serde_json::Value = serde_json::from_slice(
        &std::fs::read(jsess_store::checkpoint::path_for(&backup)).expect("checkpoint"),
    )
    .expect("JSON");
    assert_eq!(checkpoint["slots"], "0-8191");

    for (requested, named) in [
        (Some(range("8192-16383")), "slots 8192-16383"),
        (Some(range("0-8190")), "slots 0-8190"),
        (None, "every slot"),
    ] {
        match start(&backup, requested, true) {
            Err(e @ Error::SlotsMismatch { .. }) => {
                let message = e.to_string();
                assert!(message.contains("slots 0-8191"), "{message}");
                assert!(message.contains(named), "{message}");
                assert!(
                    matches!(e, Error::SlotsMismatch { checkpoint: Some(c), requested: r, .. }
                        if c == first && r == requested)
                );
            }
            Err(other) => panic!("refused for another reason: {other}"),
            Ok(_) => panic!("resumed {requested:?} from a checkpoint of {first}"),
        }
    }
    assert!(start(&backup, Some(first), true).is_ok());

    // A run without a range cannot be resumed as one worker's share either.
    let whole = root.join("whole.bak");
    start(&whole, None, false)
        .expect("start")
        .pass()
        .expect("pass");
    assert!(matches!(
        start(&whole, Some(first), true),
        Err(Error::SlotsMismatch {
            checkpoint: None,
            ..
        })
    ));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn dry_runs_of_the_halves_add_up_to_the_whole() {
    let root = temp_dir("slots-dry");
    let dir = root.join("store");
    std::fs::create_dir_all(&dir).expect("dir");
    for i in 0..40 {
        std::fs::write(dir.join(format!("s{i}")), format!("S{i}")).expect("write");
        std::fs::write(dir.join(format!("lock:s{i}")), "locked").expect("write");
    }
    let plan = Mark::default();
    let run = |slots: Option<SlotRange>| {
        let mut settings = settings(root.join("unused.bak"));
        settings.dry_run = true;
        settings.slots = slots;
        let store = jsess_store::open(dir.to_str().expect("utf-8")).expect("open");
        let mut rewrite = Rewrite::start(store, &plan, settings).expect("start");
        rewrite.pass().expect("pass");
        rewrite.report()
    };
    let whole = run(None);
    assert_eq!(
        serde_json::to_value(&whole).expect("JSON")["slots"],
        serde_json::Value::Null
    );
    let parts: Vec<Report> = ["0-4000", "4001-12000", "12001-16383"]
        .into_iter()
        .map(|r| run(Some(range(r))))
        .collect();
    let seen: u64 = parts.iter().map(|r| r.counters.values_seen).sum();
    let migrated: u64 = parts.iter().map(|r| r.counters.migrated).sum();
    let locks: u64 = parts
        .iter()
        .filter_map(|r| r.counters.skipped.get("lock key"))
        .sum();
    assert_eq!(seen, whole.counters.values_seen);
    assert_eq!(migrated, whole.counters.migrated);
    assert_eq!(locks, 40);
    // A lock key is counted by its session's worker: each part's locks match its sessions.
    for part in &parts {
        assert_eq!(
            part.counters.skipped.get("lock key").copied().unwrap_or(0),
            part.counters.migrated
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn slots_are_what_the_cluster_says() {
    let cluster = Cluster::start("slots-keyslot");
    let mut conn = cluster.nodes[0].conn();
    let mut keys: Vec<Vec<u8>> = [
        "foo",
        "bar",
        "",
        "{user1000}.following",
        "{user1000}.followers",
        "foo{}{bar}",
        "foo{{bar}}zap",
        "foo{bar}{zap}",
        "{",
        "}{",
        "{}",
        "{a}",
        "validity:app_ABC.n1",
        "redisson:tomcat_session:0F3A",
        "spring:session:sessions:6f1c",
    ]
    .iter()
    .map(|k| k.as_bytes().to_vec())
    .collect();
    keys.extend((0..200u32).map(|i| format!("s{i}").into_bytes()));
    keys.push(vec![0xff, 0x00, b'{', 0x80, b'}', 0x7f]);
    for key in &keys {
        let expected: u16 = redis::cmd("CLUSTER")
            .arg("KEYSLOT")
            .arg(key)
            .query(&mut conn)
            .expect("CLUSTER KEYSLOT");
        assert_eq!(slot(key), expected, "{}", String::from_utf8_lossy(key));
    }
}
