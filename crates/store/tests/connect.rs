//! `open_with` and its connection options, as programs use them: TLS files, Sentinel URLs,
//! and errors that print their cause once.

use std::error::Error as _;

use jsess_store::{open, open_with, Connect, TlsFiles};
use jsess_testkit::{temp_dir, Sentinel, Server};

fn put_keys(conn: &mut redis::Connection, n: usize) {
    for i in 0..n {
        redis::cmd("SET")
            .arg(format!("k{i}"))
            .arg("v")
            .exec(conn)
            .expect("SET");
    }
}

#[test]
fn tls_files_reach_the_server_and_failures_say_it_once() {
    let server = Server::start_tls("store-tls", &[]);
    put_keys(&mut server.conn(), 3);
    let certs = server.certs().expect("TLS server");
    let connect = Connect {
        tls: Some(TlsFiles {
            ca: Some(certs.ca.clone()),
            cert: Some(certs.client_cert.clone()),
            key: Some(certs.client_key.clone()),
        }),
    };
    let mut store = open_with(&server.url(), &connect).expect("open with the test's files");
    assert_eq!(store.key_count().expect("DBSIZE"), 3);

    // Without the authority: the client's message, once, and no source repeating it.
    let error = open(&server.url()).err().expect("unknown authority");
    let text = error.to_string();
    assert_eq!(text.matches("UnknownIssuer").count(), 1, "{text}");
    assert!(error.source().is_none());

    // A certificate without its key, and files given for a directory, are refused.
    let half = Connect {
        tls: Some(TlsFiles {
            cert: Some(certs.client_cert.clone()),
            ..TlsFiles::default()
        }),
    };
    assert!(open_with(&server.url(), &half).is_err());
    let dir = temp_dir("store-tls-dir");
    let error = open_with(dir.to_str().expect("utf-8"), &connect)
        .err()
        .expect("a directory takes no TLS files");
    assert!(error.to_string().contains("rediss://"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_sentinel_url_opens_the_primary() {
    let primary = Server::start("store-sentinel-primary");
    put_keys(&mut primary.conn(), 4);
    let sentinel = Sentinel::start("store-sentinel", &primary, "mymaster");
    assert!(jsess_store::is_redis(&sentinel.url("mymaster")));
    let mut store = open(&sentinel.url("mymaster")).expect("open through the sentinel");
    assert_eq!(store.key_count().expect("DBSIZE"), 4);
    assert_eq!(
        store.describe(),
        format!("redis redis://127.0.0.1:{}/0", primary.port)
    );
}
