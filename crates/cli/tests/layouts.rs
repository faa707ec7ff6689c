//! The session layouts of other managers (Spring Session, Redisson) in a real redis-server:
//! `inspect --key`, `scan`, and `migrate --to-layout` between them and msm.

mod support;

use jsess_testkit::dump::{self, Contents};
use support::{jsess, ok, wait_for, Server};

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

/// The msm corpus (every transcoder jsess reads without classes) under msm's plain keys, each
/// session with 30 minutes to live.
fn load_msm(server: &Server) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut conn = server.conn();
    let sessions = support::corpus_sessions("");
    for (key, blob) in &sessions {
        let _: () = redis::cmd("SET")
            .arg(key)
            .arg(blob)
            .arg("PX")
            .arg(1_800_000)
            .query(&mut conn)
            .expect("SET");
    }
    sessions
}

fn hgetall(conn: &mut redis::Connection, key: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    redis::cmd("HGETALL").arg(key).query(conn).expect("HGETALL")
}

fn keys(conn: &mut redis::Connection, pattern: &str) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg(pattern).query(conn).expect("KEYS");
    keys.sort();
    keys
}

fn migrate(server: &Server, backup: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = jsess()
        .args(["migrate", &server.url(), "--json", "--backup"])
        .arg(backup)
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("report")
}

#[test]
fn msm_sessions_move_to_redisson_keep_their_values_and_roll_back() {
    let server = Server::start("to-redisson");
    let sessions = load_msm(&server);
    let mut conn = server.conn();
    let dir = support::temp_dir("to-redisson");
    let backup = dir.join("move.bak");
    let report = migrate(&server, &backup, &["--to-layout", "redisson"]);
    let migrated = report["migrated"].as_u64().expect("migrated");
    let failed = report["failed"].as_u64().expect("failed");
    println!("{}", serde_json::to_string_pretty(&report).expect("json"));
    assert!(migrated >= 25, "{report}");
    // What is refused is refused by name: objects shared by attributes, and values jsess
    // cannot read without classes.
    for failure in report["failures"].as_array().expect("failures") {
        let reason = failure["reason"].as_str().expect("reason");
        assert!(
            reason.starts_with("msm → redisson") || reason.contains("rejected"),
            "{reason}"
        );
    }
    let targets = keys(&mut conn, "redisson:tomcat_session:*");
    assert_eq!(targets.len() as u64, migrated);
    // What Redisson has no place for is said, per fact.
    assert_eq!(report["dropped"]["lastBackupTime"], migrated, "{report}");
    let options = jsess::Options::new();
    let limits = *options.get_limits();
    let by_id: std::collections::HashMap<Vec<u8>, Vec<u8>> = sessions.iter().cloned().collect();
    for key in &targets {
        let fields = hgetall(&mut conn, key);
        let hash = jsess::read_hash(key, &fields, &options)
            .expect("reads")
            .expect("a Redisson session");
        let id = key["redisson:tomcat_session:".len()..].to_vec();
        let source = jsess::read(&by_id[&id], &options).expect("source");
        let source = source.session().expect("source session");
        assert_eq!(hash.creation_time, source.envelope.creation_time);
        assert_eq!(hash.last_accessed_time, source.envelope.last_accessed_time);
        // Exactly the fields Redisson's own `save()` writes for that session.
        let layout = jsess::layouts::redisson::LAYOUT;
        let allow = jsess::layouts::convert::Allow::default();
        let expected = jsess::layouts::convert::from_msm(source, layout, allow, &limits)
            .expect("converts")
            .value;
        let expected = jsess::layouts::redisson::fields(&expected).expect("fields");
        assert!(
            jsess::layouts::same_fields(&expected, &fields),
            "{}",
            String::from_utf8_lossy(key)
        );
        let pttl: i64 = redis::cmd("PTTL").arg(key).query(&mut conn).expect("PTTL");
        assert!(pttl > 1_700_000 && pttl <= 1_800_000, "{pttl}");
    }
    // The msm sessions stay as they were: the old fleet keeps running until the switch.
    for (key, blob) in &sessions {
        let now: Vec<u8> = redis::cmd("GET").arg(key).query(&mut conn).expect("GET");
        assert_eq!(&now, blob);
    }
    // A second run finds every target up to date; one the new fleet used since is kept.
    let first = &targets[0];
    let _: () = redis::cmd("HSET")
        .arg(first)
        .arg("session:lastAccessedTime")
        .arg(
            jsess::layouts::scalar::encode(&jsess::layouts::scalar::Scalar::Long(i64::MAX / 2))
                .expect("Long"),
        )
        .query(&mut conn)
        .expect("HSET");
    let kept = hgetall(&mut conn, first);
    let again = migrate(
        &server,
        &dir.join("again.bak"),
        &["--to-layout", "redisson"],
    );
    assert_eq!(again["migrated"], 0, "{again}");
    assert_eq!(
        again["skipped"]["target written since by the new fleet (kept)"], 1,
        "{again}"
    );
    assert!(jsess_layouts_same(&kept, &hgetall(&mut conn, first)));
    // Rollback removes what the move wrote, except the session the new fleet changed.
    let out = jsess()
        .args(["rollback", "--json", "--backup"])
        .arg(&backup)
        .arg(server.url())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rolled: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report");
    assert_eq!(
        rolled["outcomes"]["restored"].as_u64(),
        Some(migrated - 1),
        "{rolled}"
    );
    assert_eq!(rolled["outcomes"]["changed since"], 1, "{rolled}");
    assert_eq!(
        keys(&mut conn, "redisson:tomcat_session:*"),
        vec![first.clone()]
    );
    assert_eq!(
        failed,
        report["failures"].as_array().map_or(0, |f| f.len() as u64)
    );
}

fn jsess_layouts_same(a: &[(Vec<u8>, Vec<u8>)], b: &[(Vec<u8>, Vec<u8>)]) -> bool {
    jsess::layouts::same_fields(a, b)
}

#[test]
fn sessions_go_from_msm_to_spring_and_from_redisson_back_to_msm() {
    let server = Server::start("layouts-roundtrip");
    let sessions = load_msm(&server);
    let mut conn = server.conn();
    let dir = support::temp_dir("layouts-roundtrip");
    let spring = migrate(
        &server,
        &dir.join("spring.bak"),
        &["--to-layout", "spring-session", "--allow-lost-login"],
    );
    let to_spring = spring["migrated"].as_u64().expect("migrated");
    assert!(to_spring >= 25, "{spring}");
    for fact in ["lastBackupTime", "isNew", "isValid", "thisAccessedTime"] {
        assert_eq!(spring["dropped"][fact], to_spring, "{fact}: {spring}");
    }
    assert!(
        spring["dropped"]["principal"].as_u64() > Some(0),
        "{spring}"
    );
    assert_eq!(
        keys(&mut conn, "spring:session:sessions:*").len() as u64,
        to_spring
    );
    // Redisson's sessions (the corpus written by Redisson's own codec) into msm keys `m:ID`.
    for entry in dump::read("layouts/redisson-java.json") {
        entry.load(&mut conn);
    }
    let back = migrate(
        &server,
        &dir.join("msm.bak"),
        &["--to-layout", "msm", "--target-prefix", "m:"],
    );
    assert_eq!(back["failed"], 0, "{back}");
    let written = keys(&mut conn, "m:*");
    assert_eq!(
        written.len() as u64,
        back["migrated"].as_u64().expect("n"),
        "{back}"
    );
    assert!(written.len() >= 3, "{back}");
    let options = jsess::Options::new();
    for key in &written {
        let blob: Vec<u8> = redis::cmd("GET").arg(key).query(&mut conn).expect("GET");
        let stored = jsess::read(&blob, &options).expect("reads");
        assert_eq!(stored.format(), "msm-java");
        assert_eq!(
            stored.session().expect("session").envelope.id,
            key[2..].to_vec()
        );
    }
    assert!(sessions.len() > written.len());
}

#[test]
fn scan_counts_sessions_of_every_layout_in_one_store() {
    let server = Server::start("scan-layouts");
    let msm = load_msm(&server);
    let entries = load_layouts(&server);
    let mut conn = server.conn();
    let _: () = redis::cmd("HSET")
        .arg("app:settings")
        .arg("theme")
        .arg("dark")
        .query(&mut conn)
        .expect("HSET");
    let report = ok(&jsess()
        .args(["scan", &server.url(), "--json"])
        .output()
        .expect("run"));
    let hashes = session_hashes(&entries).len() as u64;
    assert_eq!(report["layouts"]["msm"], msm.len() as u64, "{report}");
    assert_eq!(
        report["layouts"]["redisson"].as_u64().unwrap_or(0)
            + report["layouts"]["spring-session"].as_u64().unwrap_or(0),
        hashes,
        "{report}"
    );
    assert_eq!(report["layouts"]["redisson"], 4, "{report}");
    assert_eq!(report["other_hashes"], 1, "{report}");
    assert_eq!(report["by_format"]["redisson (java)"], 4, "{report}");
    assert_eq!(report["key_roles"]["session hash"], hashes, "{report}");
    assert_eq!(
        report["sessions"].as_u64(),
        Some(msm.len() as u64 + hashes),
        "{report}"
    );
    let heaviest = report["heaviest_attributes"].as_array().expect("heaviest");
    assert!(!heaviest.is_empty());
    let text = jsess().args(["scan", &server.url()]).output().expect("run");
    assert!(String::from_utf8_lossy(&text.stdout).contains("session layouts:"));
}

#[test]
fn follow_keeps_redisson_copies_in_step_with_the_msm_fleet() {
    let server = Server::start("follow-layout");
    let sessions = load_msm(&server);
    let mut conn = server.conn();
    let backup = support::temp_dir("follow-layout").join("b.bak");
    let child = jsess()
        .args([
            "migrate",
            &server.url(),
            "--to-layout",
            "redisson",
            "--json",
        ])
        .args(["--follow", "--rescan-seconds", "3600", "--backup"])
        .arg(&backup)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start jsess");
    // The camunda session (a Tomcat 9 login, Java attributes) converts.
    let (key, blob) = sessions
        .iter()
        .find(|(_, b)| {
            b.as_slice()
                == std::fs::read(support::corpora().join("msm/camunda.bin"))
                    .expect("corpus")
                    .as_slice()
        })
        .expect("camunda session");
    let target = [&b"redisson:tomcat_session:"[..], key].concat();
    let last_accessed = |conn: &mut redis::Connection| -> Option<i64> {
        let fields = hgetall(conn, &target);
        let hash = jsess::read_hash(&target, &fields, &jsess::Options::new()).ok()??;
        Some(hash.last_accessed_time)
    };
    wait_for("the first pass", || last_accessed(&mut conn).is_some());
    // The old fleet serves a request: the copy follows.
    let limits = jsess_javaser::Limits::DEFAULT;
    let mut session = jsess_msm::decode(blob, &limits).expect("decodes");
    session.envelope.last_accessed_time += 60_000;
    session.envelope.last_backup_time += 60_000;
    let later = session.envelope.last_accessed_time;
    let _: () = redis::cmd("SET")
        .arg(key)
        .arg(jsess_msm::encode(&session).expect("encodes"))
        .query(&mut conn)
        .expect("SET");
    wait_for("the request reaches the copy", || {
        last_accessed(&mut conn) == Some(later)
    });
    // SAFETY: kill sends a signal to the child this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().expect("jsess ends");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert!(report["migrated"].as_u64().unwrap_or(0) >= 30, "{report}");
}

#[test]
fn audit_reads_a_redis_store_with_msm_strings_and_session_hashes() {
    let server = Server::start("audit-layouts");
    load_msm(&server);
    let entries = load_layouts(&server);
    let clean = jsess()
        .args(["audit", &server.url(), "--json"])
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).expect("report");
    assert_eq!(clean.status.code(), Some(0), "{report}");
    let audited = report["files"].as_u64().expect("count");
    assert!(
        audited > session_hashes(&entries).len() as u64 + 40,
        "{report}"
    );
    // A gadget chain stored as a Redisson attribute is found and named by key and attribute.
    let gadget = std::fs::read(support::corpora().join("hostile/gadget_commons_collections6.ser"))
        .expect("gadget stream");
    let key = "redisson:tomcat_session:5C1D4E3F2A1B0C9D8E7F6A5B4C3D2E1F";
    let _: () = redis::cmd("HSET")
        .arg(key)
        .arg("payload")
        .arg(&gadget)
        .query(&mut server.conn())
        .expect("HSET");
    let out = jsess()
        .args(["audit", &server.url(), "--json"])
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report");
    assert_eq!(out.status.code(), Some(3), "{report}");
    let findings = report["findings"].as_array().expect("findings");
    assert!(
        findings.iter().any(|f| f["key"] == key
            && f["item"] == "attribute \"payload\""
            && f["family"] == "commons-collections"
            && f["format"] == "redisson (java)"),
        "{report}"
    );
}

#[test]
fn tomcat_session_files_are_inspected_and_scanned_as_sessions() {
    let dir = support::corpora().join("tomcat");
    let file = dir.join("A1B2C3D4E5F60718293A4B5C6D7E8F90.session");
    let json = ok(&jsess()
        .args(["inspect", "--json"])
        .arg(&file)
        .output()
        .expect("run"));
    assert_eq!(json["layout"], "tomcat-file");
    assert_eq!(json["session"]["id"], "A1B2C3D4E5F60718293A4B5C6D7E8F90");
    assert_eq!(json["session"]["principal"]["name"], "alice");
    // SESSIONS.ser holds several sessions: a list of them.
    let all = ok(&jsess()
        .args(["inspect", "--json"])
        .arg(dir.join("SESSIONS.ser"))
        .output()
        .expect("run"));
    assert_eq!(all["layout"], "tomcat-sessions-ser");
    assert_eq!(all["sessions"].as_array().map(Vec::len), Some(3));
    let tree = jsess()
        .arg("inspect")
        .arg(dir.join("SESSIONS.ser"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&tree.stdout);
    assert!(
        text.starts_with("tomcat-sessions-ser, 2168 bytes, 3 session(s)"),
        "{text}"
    );
    let report = ok(&jsess()
        .args(["scan", "--json"])
        .arg(&dir)
        .output()
        .expect("run"));
    assert_eq!(report["layouts"]["tomcat-file"], 6, "{report}");
    assert_eq!(report["layouts"]["tomcat-sessions-ser"], 3, "{report}");
    assert_eq!(report["sessions"], 9, "{report}");
}

#[test]
fn sessions_move_between_redis_and_a_tomcat_file_store() {
    let server = Server::start("tomcat-files");
    let sessions = load_msm(&server);
    let dir = support::temp_dir("tomcat-files");
    let files = dir.join("store");
    let backup = dir.join("files.bak");
    let args = [
        "--to-layout",
        "tomcat-file",
        "--target",
        files.to_str().expect("utf-8"),
    ];
    let report = migrate(&server, &backup, &args);
    let migrated = report["migrated"].as_u64().expect("migrated");
    assert!(migrated >= 25, "{report}");
    let written: Vec<std::path::PathBuf> = std::fs::read_dir(&files)
        .expect("target directory")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(written.len() as u64, migrated, "{report}");
    let ids: std::collections::HashSet<Vec<u8>> = sessions.iter().map(|(k, _)| k.clone()).collect();
    for file in &written {
        let json = ok(&jsess()
            .arg("inspect")
            .arg("--json")
            .arg(file)
            .output()
            .expect("run"));
        assert_eq!(json["layout"], "tomcat-file", "{}", file.display());
        let id = json["session"]["id"].as_str().expect("id");
        assert!(ids.contains(id.as_bytes()));
        assert!(file.ends_with(format!("{id}.session")));
    }
    // Again: nothing new; then the files are rolled back (the directory had none).
    let again = migrate(&server, &dir.join("again.bak"), &args);
    assert_eq!(again["migrated"], 0, "{again}");
    let out = jsess()
        .args(["rollback", "--json", "--backup"])
        .arg(&backup)
        .arg(&files)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_dir(&files).expect("dir").count(), 0);

    // Tomcat's own files (written by Tomcat 9.0.70) into Redisson's layout in Redis.
    let tomcat = dir.join("tomcat");
    std::fs::create_dir_all(&tomcat).expect("dir");
    for entry in std::fs::read_dir(support::corpora().join("tomcat")).expect("corpus") {
        let path = entry.expect("entry").path();
        if path
            .extension()
            .is_some_and(|e| e == "session" || e == "ser")
        {
            std::fs::copy(&path, tomcat.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let out = jsess()
        .arg("migrate")
        .arg(&tomcat)
        .args([
            "--from-layout",
            "tomcat-file",
            "--to-layout",
            "redisson",
            "--json",
        ])
        // Two attributes of these sessions share one cart: Redisson keeps it twice.
        .arg("--allow-split-shared")
        .args(["--target", &server.url(), "--backup"])
        .arg(dir.join("redisson.bak"))
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report");
    println!("{}", serde_json::to_string_pretty(&report).expect("json"));
    // Four single-session files convert; the two holding a value Tomcat could not serialize
    // are refused by name, and SESSIONS.ser is skipped saying why.
    assert_eq!(report["migrated"], 4, "{report}");
    assert_eq!(report["failed"], 2, "{report}");
    let mut conn = server.conn();
    let key = b"redisson:tomcat_session:A1B2C3D4E5F60718293A4B5C6D7E8F90".to_vec();
    let hash = jsess::read_hash(&key, &hgetall(&mut conn, &key), &jsess::Options::new())
        .expect("reads")
        .expect("a Redisson session");
    assert_eq!(hash.auth_type.as_deref(), Some("FORM"));
    assert!(hash.attributes.iter().any(|a| a.name == "cart"));
}

/// The class options for the Redisson Kryo 5 corpus: its application classes and Tomcat's
/// `GenericPrincipal` layout.
fn kryo5_classes() -> Vec<String> {
    let root = support::corpora().join("redisson-kryo5");
    vec![
        "--classpath".into(),
        root.join("app-classes.jar").display().to_string(),
        "--schema".into(),
        root.join("tomcat-schema.json").display().to_string(),
    ]
}

#[test]
fn redisson_kryo5_sessions_are_inspected_scanned_and_moved_to_msm() {
    let server = Server::start("redisson-kryo5");
    let mut conn = server.conn();
    let entries = dump::read("redisson-kryo5/sessions.json");
    for entry in &entries {
        entry.load(&mut conn);
    }
    let classes = kryo5_classes();
    for entry in session_hashes(&entries) {
        let key = String::from_utf8(entry.key.clone()).expect("utf-8 key");
        let json = ok(&jsess()
            .args(["inspect", &server.url(), "--key", &key, "--json"])
            .args(&classes)
            .output()
            .expect("run"));
        assert_eq!(json["format"], "kryo5", "{key}");
        assert_eq!(json["layout"], "redisson", "{key}");
        for attribute in json["attributes"].as_array().expect("attributes") {
            assert!(attribute.get("error").is_none(), "{key}: {attribute}");
        }
    }
    let report = ok(&jsess()
        .args(["scan", &server.url(), "--json"])
        .args(&classes)
        .output()
        .expect("run"));
    assert_eq!(report["by_format"]["redisson (kryo5)"], 4, "{report}");
    // Into msm (Java values): the sessions Java serialization can hold move; the one holding
    // a class that is not Serializable (Kryo writes it) is refused by name.
    let backup = support::temp_dir("redisson-kryo5").join("msm.bak");
    let out = jsess()
        .args([
            "migrate",
            &server.url(),
            "--to-layout",
            "msm",
            "--target-prefix",
            "m:",
        ])
        .args(["--json", "--backup"])
        .arg(&backup)
        .args(&classes)
        .output()
        .expect("run");
    let moved: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report");
    assert!(
        moved["migrated"].as_u64().expect("migrated") >= 2,
        "{moved}"
    );
    for failure in moved["failures"].as_array().expect("failures") {
        let reason = failure["reason"].as_str().expect("reason");
        assert!(
            reason.contains("Serializable") || reason.contains("Java"),
            "{reason}"
        );
    }
}

#[test]
fn msm_sessions_move_to_redisson_in_kryo5() {
    let server = Server::start("to-kryo5");
    load_msm(&server);
    let backup = support::temp_dir("to-kryo5").join("kryo5.bak");
    let classpath = support::corpora().join("kryo/app-classes.jar");
    let tomcat_schema = support::corpora().join("redisson-kryo5/tomcat-schema.json");
    let report = migrate(
        &server,
        &backup,
        &[
            "--to-layout",
            "redisson",
            "--codec",
            "kryo5",
            "--classpath",
            classpath.to_str().expect("utf-8"),
            // Tomcat's GenericPrincipal, which Redisson keeps as the principal object.
            "--schema",
            tomcat_schema.to_str().expect("utf-8"),
        ],
    );
    println!("{}", serde_json::to_string_pretty(&report).expect("json"));
    let migrated = report["migrated"].as_u64().expect("migrated");
    assert!(migrated >= 23, "{report}");
    let scan = ok(&jsess()
        .args(["scan", &server.url(), "--json", "--classpath"])
        .arg(&classpath)
        .output()
        .expect("run"));
    assert_eq!(scan["by_format"]["redisson (kryo5)"], migrated, "{scan}");
}
