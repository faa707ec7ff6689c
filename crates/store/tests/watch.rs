//! Watched reads and their writes on a real server: the values read are what `fetch` reads,
//! a write keeps the key's time to live, and a chunk in which any key changed after the read
//! is not written at all (the pass then compares its keys one by one with the script).

mod support;

use support::{server_calls, set};

use jsess_store::{Expected, Ttl, ValueKind, Write, WriteTtl};
use jsess_testkit::Server;

fn get(conn: &mut redis::Connection, key: &str) -> Option<String> {
    redis::cmd("GET").arg(key).query(conn).expect("GET")
}

fn pttl(conn: &mut redis::Connection, key: &str) -> i64 {
    redis::cmd("PTTL").arg(key).query(conn).expect("PTTL")
}

/// k0…k249 (every other one with a time to live), then a hash and a missing key: three
/// chunks, the last with both odd keys.
fn store_of_250(server: &Server) -> Vec<Vec<u8>> {
    support::two_hundred_fifty_keys(&mut server.conn());
    let mut keys: Vec<Vec<u8>> = (0..250).map(|i| format!("k{i}").into_bytes()).collect();
    keys.push(b"a-hash".to_vec());
    keys.push(b"missing".to_vec());
    keys
}

#[test]
fn a_chunk_changed_after_the_read_is_left_to_the_script() {
    let server = Server::start("watched-writes");
    let keys = store_of_250(&server);
    let mut store = jsess_store::open(&server.url()).expect("open");
    let plain = store.fetch(0, &keys).expect("fetch");
    let (values, watch) = store
        .fetch_watched(0, &keys)
        .expect("read")
        .expect("a 7.0 server takes WATCH");
    // The same values and the same kind of time to live (its milliseconds run on).
    let shape = |v: &[Option<jsess_store::Stored>]| -> Vec<Option<(Vec<u8>, bool)>> {
        v.iter()
            .map(|s| {
                s.as_ref()
                    .map(|s| (s.bytes.clone(), matches!(s.ttl, Ttl::Persistent)))
            })
            .collect()
    };
    assert_eq!(shape(&values), shape(&plain), "the values fetch reads");
    assert_eq!(values[251], None, "a missing key");
    assert_eq!(values[250], None, "a hash is no string value");

    // The application writes k150, in the second chunk, after the read.
    let mut conn = server.conn();
    set(&mut conn, "k150", b"app", None);
    let writes: Vec<Write> = keys
        .iter()
        .zip(&values)
        .filter_map(|(key, value)| {
            let value = value.as_ref()?;
            Some(Write {
                key: key.clone(),
                expected: Expected::Bytes(value.bytes.clone()),
                value: [&value.bytes[..], b"!"].concat(),
                ttl: WriteTtl::KeepCurrent,
                kind: ValueKind::String,
            })
        })
        .collect();
    assert_eq!(writes.len(), 250);
    let written = watch.write(&writes).expect("write");
    for (i, outcome) in written.iter().enumerate() {
        let expected = if (100..200).contains(&i) {
            None
        } else {
            Some(true)
        };
        assert_eq!(*outcome, expected, "k{i}");
    }
    assert_eq!(get(&mut conn, "k0").as_deref(), Some("v0!"));
    assert!(pttl(&mut conn, "k0") > 590_000, "the time to live is kept");
    assert_eq!(get(&mut conn, "k249").as_deref(), Some("v249!"));
    assert_eq!(pttl(&mut conn, "k249"), -1, "still persistent");
    assert_eq!(
        get(&mut conn, "k150").as_deref(),
        Some("app"),
        "the newer write"
    );
    assert_eq!(
        get(&mut conn, "k151").as_deref(),
        Some("v151"),
        "its chunk unwritten"
    );
    assert_eq!(get(&mut conn, "missing"), None);

    // The connections go back to the pool and carry no watch into the next read.
    let again = keys[..100].to_vec();
    let (values, watch) = store
        .fetch_watched(0, &again)
        .expect("read")
        .expect("watched");
    set(&mut conn, "k150", b"app again", None);
    let writes: Vec<Write> = again
        .iter()
        .zip(&values)
        .map(|(key, value)| Write {
            key: key.clone(),
            expected: Expected::Bytes(value.as_ref().expect("a value").bytes.clone()),
            value: b"second".to_vec(),
            ttl: WriteTtl::KeepCurrent,
            kind: ValueKind::String,
        })
        .collect();
    let written = watch.write(&writes).expect("write");
    assert!(written.iter().all(|w| *w == Some(true)), "{written:?}");
    assert_eq!(get(&mut conn, "k0").as_deref(), Some("second"));
    let info: String = redis::cmd("INFO")
        .arg("clients")
        .query(&mut conn)
        .expect("INFO");
    let clients: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("connected_clients:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("connected_clients");
    assert!(clients <= 5, "the pool reuses its connections: {clients}");
}

#[test]
fn a_write_the_watch_does_not_guard_is_refused() {
    let server = Server::start("watched-unread");
    let keys = store_of_250(&server);
    let mut store = jsess_store::open(&server.url()).expect("open");
    let (_, watch) = store
        .fetch_watched(0, &keys[..10])
        .expect("read")
        .expect("watched");
    let stray = Write {
        key: b"k200".to_vec(),
        expected: Expected::Bytes(b"v200".to_vec()),
        value: b"x".to_vec(),
        ttl: WriteTtl::KeepCurrent,
        kind: ValueKind::String,
    };
    assert!(watch.write(&[stray]).is_err());
    assert_eq!(get(&mut server.conn(), "k200").as_deref(), Some("v200"));

    // Nor a write that would set another time to live.
    let (_, watch) = store
        .fetch_watched(0, &keys[..10])
        .expect("read")
        .expect("watched");
    let other_ttl = Write {
        key: b"k0".to_vec(),
        expected: Expected::Bytes(b"v0".to_vec()),
        value: b"x".to_vec(),
        ttl: WriteTtl::Set(Ttl::Persistent),
        kind: ValueKind::String,
    };
    assert!(watch.write(&[other_ttl]).is_err());
    assert_eq!(get(&mut server.conn(), "k0").as_deref(), Some("v0"));
}

#[test]
fn a_user_without_transactions_is_read_as_before() {
    let server = Server::start("watched-acl");
    let keys = store_of_250(&server);
    let mut conn = server.conn();
    redis::cmd("ACL")
        .arg("SETUSER")
        .arg("no-watch")
        .arg("on")
        .arg(">pw")
        .arg("~*")
        .arg("+@all")
        .arg("-@transaction")
        .exec(&mut conn)
        .expect("ACL SETUSER");
    let url = server.url().replace("redis://", "redis://no-watch:pw@");
    let mut store = jsess_store::open(&url).expect("open");
    assert!(store.fetch_watched(0, &keys).expect("read").is_none());
    // And it does not ask again.
    let before = server_calls(&mut conn, "watch");
    assert!(store.fetch_watched(0, &keys).expect("read").is_none());
    assert_eq!(server_calls(&mut conn, "watch"), before);
    let values = store.fetch(0, &keys).expect("fetch");
    assert!(matches!(&values[0], Some(v) if v.bytes == b"v0" && matches!(v.ttl, Ttl::Millis(_))));
}
