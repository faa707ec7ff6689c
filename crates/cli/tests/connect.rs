//! Connecting as stores are deployed: TLS with a private authority and client certificates,
//! the primary a Sentinel names, ACL users in the URL. Every server is a real redis-server the
//! test starts.

mod support;

use std::process::Output;

use support::{corpus_sessions, jsess, Cluster, Sentinel, Server};

/// The corpus's sessions, stored under their msm keys; how many.
fn load_sessions(conn: &mut impl redis::ConnectionLike) -> usize {
    let sessions = corpus_sessions("");
    for (key, blob) in &sessions {
        redis::cmd("SET")
            .arg(key)
            .arg(blob)
            .exec(conn)
            .expect("SET");
    }
    sessions.len()
}

fn scan_json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "status {:?}\nstderr {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("scan --json prints JSON")
}

/// A failure: exit code 1 and exactly one line on stderr, which is returned.
fn one_line_failure(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "stderr {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("jsess: "), "{stderr}");
    stderr
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn tls_with_a_private_authority_and_a_client_certificate() {
    let server = Server::start_tls("tls-scan", &[]);
    let sessions = load_sessions(&mut server.conn());
    let certs = server.certs().expect("TLS server");
    let tls = [
        "--tls-ca",
        path(&certs.ca),
        "--tls-cert",
        path(&certs.client_cert),
        "--tls-key",
        path(&certs.client_key),
    ];
    let url = server.url();
    assert!(url.starts_with("rediss://"), "{url}");
    let json = scan_json(
        &jsess()
            .args(["scan", "--json", &url])
            .args(tls)
            .output()
            .expect("run"),
    );
    assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");

    // inspect --key, migrate and rollback take the same options.
    let key = String::from_utf8_lossy(&corpus_sessions("")[0].0).into_owned();
    let out = jsess()
        .args(["inspect", "--json", &url, "--key", &key])
        .args(tls)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = jsess()
        .args(["migrate", "--dry-run", "--to", "msm-java", "--json", &url])
        .args(tls)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn tls_cluster_every_primary_through_the_same_certificates() {
    let cluster = Cluster::start_tls("tls-cluster");
    let sessions = load_sessions(&mut cluster.conn());
    let certs = cluster.nodes[0].certs().expect("TLS cluster");
    let tls = [
        "--tls-ca",
        path(&certs.ca),
        "--tls-cert",
        path(&certs.client_cert),
        "--tls-key",
        path(&certs.client_key),
    ];
    let json = scan_json(
        &jsess()
            .args(["scan", "--json", &cluster.url()])
            .args(tls)
            .output()
            .expect("run"),
    );
    assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");
    // Writes go through the cluster connection (routed by slot), built with the same files:
    // a migration, then its rollback, leave every session as it was.
    let backup = cluster.nodes[0].dir.join("migrate.bak");
    let backup = path(&backup);
    let out = jsess()
        .args(["migrate", &cluster.url(), "--to", "msgpack", "--json"])
        .args(["--backup", backup])
        .args(tls)
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["migrated"], sessions, "{report}");
    let out = jsess()
        .args(["rollback", "--json", "--backup", backup, &cluster.url()])
        .args(tls)
        .output()
        .expect("run");
    let rollback = scan_json(&out);
    assert_eq!(rollback["outcomes"]["restored"], sessions, "{rollback}");
    let mut conn = cluster.conn();
    for (key, blob) in corpus_sessions("") {
        let value: Vec<u8> = redis::cmd("GET").arg(&key).query(&mut conn).expect("GET");
        assert_eq!(value, blob);
    }
}

#[test]
fn tls_failures_are_one_line_naming_the_fix() {
    let server = Server::start_tls("tls-fail", &[]);
    let certs = server.certs().expect("TLS server");
    let url = server.url();

    // The server requires a client certificate (tls-auth-clients yes).
    let line = one_line_failure(
        &jsess()
            .args(["scan", &url, "--tls-ca", path(&certs.ca)])
            .output()
            .expect("run"),
    );
    assert_eq!(line.matches("CertificateRequired").count(), 1, "{line}");
    assert!(line.contains("--tls-cert"), "{line}");

    // The system's roots do not know the test's authority.
    let line = one_line_failure(
        &jsess()
            .args(["scan", &url])
            .args(["--tls-cert", path(&certs.client_cert)])
            .args(["--tls-key", path(&certs.client_key)])
            .output()
            .expect("run"),
    );
    assert_eq!(line.matches("UnknownIssuer").count(), 1, "{line}");
    assert!(line.contains("--tls-ca"), "{line}");

    // Certificate files with a plain URL, or a file that is not there.
    let plain = url.replacen("rediss://", "redis://", 1);
    let line = one_line_failure(
        &jsess()
            .args(["scan", &plain, "--tls-ca", path(&certs.ca)])
            .output()
            .expect("run"),
    );
    assert!(line.contains("rediss://"), "{line}");
    let missing = server.dir.join("missing.crt");
    let line = one_line_failure(
        &jsess()
            .args(["scan", &url, "--tls-ca", path(&missing)])
            .output()
            .expect("run"),
    );
    assert_eq!(line.matches("No such file").count(), 1, "{line}");

    // A certificate needs its key (a usage error, as clap reports them).
    let out = jsess()
        .args(["scan", &url, "--tls-cert", path(&certs.client_cert)])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sentinel_names_the_primary_that_is_scanned() {
    let primary = Server::start("sentinel-primary");
    let sessions = load_sessions(&mut primary.conn());
    let sentinel = Sentinel::start("sentinel", &primary, "mymaster");
    let json = scan_json(
        &jsess()
            .args(["scan", "--json", &sentinel.url("mymaster")])
            .output()
            .expect("run"),
    );
    assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");

    let key = String::from_utf8_lossy(&corpus_sessions("")[0].0).into_owned();
    let out = jsess()
        .args(["inspect", &sentinel.url("mymaster"), "--key", &key])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A name the sentinel does not monitor.
    let line = one_line_failure(
        &jsess()
            .args(["scan", &sentinel.url("nosuchmaster")])
            .output()
            .expect("run"),
    );
    assert!(line.contains("sentinel"), "{line}");
}

#[test]
fn sentinel_over_tls_with_the_same_certificates() {
    let primary = Server::start_tls("sentinel-tls-primary", &[]);
    let sessions = load_sessions(&mut primary.conn());
    let sentinel = Sentinel::start("sentinel-tls", &primary, "mymaster");
    let certs = primary.certs().expect("TLS server");
    let url = sentinel.url("mymaster");
    assert!(url.starts_with("rediss+sentinel://"), "{url}");
    // Sentinels are asked in turn: one that does not answer (nothing listens on port 1) first.
    let url = url.replacen("://", "://127.0.0.1:1,", 1);
    let json = scan_json(
        &jsess()
            .args(["scan", "--json", &url])
            .args(["--tls-ca", path(&certs.ca)])
            .args(["--tls-cert", path(&certs.client_cert)])
            .args(["--tls-key", path(&certs.client_key)])
            .output()
            .expect("run"),
    );
    assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");
}

#[test]
fn sentinel_url_credentials_are_the_primarys() {
    let password = "pr1mary-Pa55";
    let user = format!(">{password}");
    let primary = Server::start_with(
        "sentinel-acl-primary",
        &["--user", "jsess", "on", &user, "~*", "&*", "+@all"],
    );
    let sessions = load_sessions(&mut primary.conn());
    let sentinel = Sentinel::start("sentinel-acl", &primary, "mymaster");
    let with = |password: &str| {
        format!(
            "redis+sentinel://jsess:{password}@127.0.0.1:{}/mymaster/0",
            sentinel.port
        )
    };
    let out = jsess()
        .args(["scan", "--json", &with(password)])
        .output()
        .expect("run");
    let json = scan_json(&out);
    assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(password));

    let line = one_line_failure(
        &jsess()
            .args(["scan", &with("wrong")])
            .output()
            .expect("run"),
    );
    assert!(!line.contains("wrong"), "{line}");
    assert!(line.contains("authentication failed"), "{line}");
}

#[test]
fn sentinels_sharing_the_primarys_password_get_it_when_they_ask() {
    let password = "shared-Pa55";
    let primary = Server::start("sentinel-pass-primary");
    let sessions = load_sessions(&mut primary.conn());
    redis::cmd("CONFIG")
        .arg("SET")
        .arg("requirepass")
        .arg(password)
        .exec(&mut primary.conn())
        .expect("CONFIG SET requirepass");
    let sentinel = Sentinel::start_with_password("sentinel-pass", &primary, "mymaster", password);
    let url = format!(
        "redis+sentinel://:{password}@127.0.0.1:{}/mymaster",
        sentinel.port
    );
    let out = jsess()
        .args(["scan", "--json", &url])
        .output()
        .expect("run");
    let json = scan_json(&out);
    assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");

    let line = one_line_failure(
        &jsess()
            .args(["scan", &sentinel.url("mymaster")])
            .output()
            .expect("run"),
    );
    assert!(line.contains("NOAUTH"), "{line}");
}

#[test]
fn acl_user_in_the_url_and_the_password_never_shown() {
    let password = "s3cret-Pa55";
    let user = format!(">{password}");
    let server = Server::start_with(
        "acl",
        &["--user", "jsess", "on", &user, "~*", "&*", "+@all"],
    );
    let sessions = load_sessions(&mut server.conn());
    let url = format!("redis://jsess:{password}@127.0.0.1:{}/0", server.port);
    for args in [vec!["scan", "--json"], vec!["scan"]] {
        let out = jsess().args(&args).arg(&url).output().expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!stdout.contains(password), "{stdout}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains(password));
        if args.contains(&"--json") {
            let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
            assert_eq!(json["by_format"]["msm-java"], sessions, "{json}");
        }
    }
    let out = jsess()
        .args(["migrate", "--dry-run", "--to", "msm-java", &url])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(password));
    }

    // inspect without --key names the URL in its usage error.
    let line = one_line_failure(&jsess().args(["inspect", &url]).output().expect("run"));
    assert!(!line.contains(password), "{line}");

    let wrong = format!("redis://jsess:not-{password}@127.0.0.1:{}/0", server.port);
    let line = one_line_failure(&jsess().args(["scan", &wrong]).output().expect("run"));
    assert!(!line.contains(password), "{line}");
    assert!(line.contains("authentication failed"), "{line}");
    assert!(line.contains("***@127.0.0.1"), "{line}");
}
