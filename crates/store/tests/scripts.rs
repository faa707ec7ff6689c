//! The batched read and compare-and-set scripts on a real server: what each key gets is what the
//! one-key script gives it, across chunks, next to keys of other types, after `SCRIPT FLUSH`;
//! and on a real Cluster, a batch's keys on their primary, with a slot moving meanwhile.

mod support;

use support::{server_calls, set};

use jsess_store::{Expected, Stored, Ttl, ValueKind, Write, WriteTtl};
use jsess_testkit::Server;

fn write(key: &str, expected: Expected, value: &[u8], ttl: WriteTtl) -> Write {
    Write {
        key: key.as_bytes().to_vec(),
        expected,
        value: value.to_vec(),
        ttl,
        kind: ValueKind::String,
    }
}

/// The write of `w` over `k`, which holds `v`, keeping its time to live.
fn k_from_v_to_w() -> Write {
    write(
        "k",
        Expected::Bytes(b"v".to_vec()),
        b"w",
        WriteTtl::KeepCurrent,
    )
}

/// Reads k0…k249 as `support::two_hundred_fifty_keys` sets them, with a hash and a missing key
/// among them, in three chunks.
fn reads_250_keys(store: &mut dyn jsess_store::Store) {
    let mut keys: Vec<Vec<u8>> = (0..250).map(|i| format!("k{i}").into_bytes()).collect();
    keys.insert(120, b"a-hash".to_vec());
    keys.insert(7, b"missing".to_vec());
    let values = store.fetch(0, &keys).expect("fetch");
    assert_eq!(values.len(), keys.len());
    assert_eq!(values[7], None, "a missing key");
    assert_eq!(values[121], None, "a hash is no string value");
    let Some(Stored {
        bytes,
        ttl: Ttl::Millis(ms),
    }) = &values[0]
    else {
        panic!("k0 has a time to live: {:?}", values[0]);
    };
    assert_eq!(bytes, b"v0");
    assert!(*ms > 590_000);
    assert_eq!(
        values[8],
        Some(Stored {
            bytes: b"v7".to_vec(),
            ttl: Ttl::Persistent
        })
    );
}

/// The URL of a new ACL user allowed everything but `rules`.
fn user(server: &Server, name: &str, rules: &[&str]) -> String {
    let mut conn = server.conn();
    redis::cmd("ACL")
        .arg("SETUSER")
        .arg(name)
        .arg("on")
        .arg(">pw")
        .arg("~*")
        .arg("+@all")
        .arg(rules)
        .exec(&mut conn)
        .expect("ACL SETUSER");
    server
        .url()
        .replace("redis://", &format!("redis://{name}:pw@"))
}

#[test]
fn batched_reads_and_writes_decide_per_key() {
    let server = Server::start("batched-scripts");
    let mut conn = server.conn();
    // 250 keys: three script calls per round trip.
    support::two_hundred_fifty_keys(&mut conn);
    // Read through transactions, and through the read script by a user without them: the
    // same values.
    let mut store = jsess_store::open(&server.url()).expect("open");
    let mut scripted =
        jsess_store::open(&user(&server, "no-multi", &["-@transaction"])).expect("open");
    reads_250_keys(store.as_mut());
    assert_eq!(
        server_calls(&mut conn, "exec"),
        3,
        "a transaction per chunk"
    );
    assert_eq!(server_calls(&mut conn, "evalsha"), 0);
    reads_250_keys(scripted.as_mut());
    assert_eq!(
        server_calls(&mut conn, "evalsha"),
        3,
        "a script call per chunk"
    );

    // The script cache emptied: the next round trip loads the scripts again.
    redis::cmd("SCRIPT")
        .arg("FLUSH")
        .exec(&mut conn)
        .expect("SCRIPT FLUSH");
    let mut writes: Vec<Write> = (0..200)
        .map(|i| {
            let key = format!("k{i}");
            let old = format!("v{i}");
            write(
                &key,
                Expected::Bytes(old.into_bytes()),
                format!("new{i}").as_bytes(),
                WriteTtl::KeepCurrent,
            )
        })
        .collect();
    // k3 and k4 changed since they were read (k4 with a new time to live), k5 is gone;
    // a-hash holds another type; fresh is absent and stays so until written with its own time
    // to live; k201 is not absent.
    set(&mut conn, "k3", b"application", None);
    set(&mut conn, "k4", b"application", Some(400_000));
    redis::cmd("DEL").arg("k5").exec(&mut conn).expect("DEL");
    writes.push(write(
        "a-hash",
        Expected::Bytes(b"v".to_vec()),
        b"x",
        WriteTtl::KeepCurrent,
    ));
    writes.push(write(
        "fresh",
        Expected::Absent,
        b"f",
        WriteTtl::Set(Ttl::Millis(300_000)),
    ));
    writes.push(write("k201", Expected::Absent, b"f", WriteTtl::KeepCurrent));
    let done = store.compare_and_set(0, &writes).expect("compare-and-set");
    let failed: Vec<usize> = (0..done.len()).filter(|&i| !done[i]).collect();
    assert_eq!(failed, vec![3, 4, 5, 200, 202]);
    let get = |conn: &mut redis::Connection, key: &str| -> Option<Vec<u8>> {
        redis::cmd("GET").arg(key).query(conn).expect("GET")
    };
    let pttl = |conn: &mut redis::Connection, key: &str| -> i64 {
        redis::cmd("PTTL").arg(key).query(conn).expect("PTTL")
    };
    assert_eq!(get(&mut conn, "k0").as_deref(), Some(&b"new0"[..]));
    assert!(pttl(&mut conn, "k0") > 590_000, "the time to live is kept");
    assert_eq!(pttl(&mut conn, "k1"), -1, "no expiry stays no expiry");
    // A key that held something else keeps it, with its time to live, or its absence.
    assert_eq!(get(&mut conn, "k3").as_deref(), Some(&b"application"[..]));
    assert_eq!(pttl(&mut conn, "k3"), -1);
    assert_eq!(get(&mut conn, "k4").as_deref(), Some(&b"application"[..]));
    let k4 = pttl(&mut conn, "k4");
    assert!(k4 > 390_000 && k4 <= 400_000, "{k4}");
    assert_eq!(get(&mut conn, "k5"), None);
    assert_eq!(pttl(&mut conn, "k201"), -1);
    assert_eq!(get(&mut conn, "fresh").as_deref(), Some(&b"f"[..]));
    assert!(pttl(&mut conn, "fresh") > 290_000);
    assert_eq!(get(&mut conn, "k201").as_deref(), Some(&b"v201"[..]));
    let kind: String = redis::cmd("TYPE")
        .arg("a-hash")
        .query(&mut conn)
        .expect("TYPE");
    assert_eq!(kind, "hash");
}

#[test]
fn servers_that_refuse_scripts_get_plain_commands() {
    let server = Server::start("scripts-refused");
    let mut conn = server.conn();
    set(&mut conn, "k", b"v", Some(600_000));
    // `scan` needs no script at all; `migrate` falls back to one EVAL per key.
    for (name, rules) in [
        ("reader", &["-@scripting"][..]),
        ("plain", &["-@scripting", "-@transaction"][..]),
        ("no-evalsha", &["-evalsha", "-script"][..]),
    ] {
        let url = user(&server, name, rules);
        let mut store = jsess_store::open(&url).expect("open");
        let values = store.fetch(0, &[b"k".to_vec()]).expect("fetch");
        assert_eq!(
            values[0].as_ref().map(|v| v.bytes.as_slice()),
            Some(&b"v"[..])
        );
        // Read again: the store remembers to use plain commands.
        assert!(store.fetch(0, &[b"k".to_vec()]).is_ok());
        let w = k_from_v_to_w();
        let written = store.compare_and_set(0, std::slice::from_ref(&w));
        if name != "no-evalsha" {
            assert!(written.is_err(), "no script, no compare-and-set");
        } else {
            assert_eq!(written.expect("EVAL per key"), vec![true]);
        }
    }
    let value: Vec<u8> = redis::cmd("GET").arg("k").query(&mut conn).expect("GET");
    assert_eq!(value, b"w");
}

#[test]
fn a_shard_that_refuses_transactions_is_read_through_the_script() {
    let open = Server::start("shard-transactions");
    let closed = Server::start("shard-no-transactions");
    for (server, value) in [(&open, b"a".as_slice()), (&closed, b"b".as_slice())] {
        let mut conn = server.conn();
        set(&mut conn, "k", value, Some(600_000));
    }
    redis::cmd("ACL")
        .arg("SETUSER")
        .arg("default")
        .arg("-@transaction")
        .exec(&mut closed.conn())
        .expect("ACL SETUSER");
    let mut store = jsess_store::open(&format!("{},{}", open.url(), closed.url())).expect("open");
    // The second shard refuses when read; from then on the store reads through the script.
    for (node, value) in [(0, b"a"), (1, b"b"), (1, b"b"), (0, b"a")] {
        let values = store.fetch(node, &[b"k".to_vec()]).expect("fetch");
        assert!(
            matches!(&values[0], Some(Stored { bytes, ttl: Ttl::Millis(ms) }) if bytes == value && *ms > 590_000),
            "node {node}: {values:?}"
        );
    }
    assert_eq!(server_calls(&mut closed.conn(), "evalsha"), 2);
}

#[test]
fn a_write_the_server_refuses_is_an_error_not_a_conflict() {
    let server = Server::start("batched-oom");
    let mut conn = server.conn();
    set(&mut conn, "k", b"v", Some(600_000));
    let mut store = jsess_store::open(&server.url()).expect("open");
    let config = |conn: &mut redis::Connection, bytes: &str| {
        redis::cmd("CONFIG")
            .arg("SET")
            .arg("maxmemory")
            .arg(bytes)
            .exec(conn)
            .expect("CONFIG SET");
    };
    config(&mut conn, "1");
    let w = k_from_v_to_w();
    let refused = store.compare_and_set(0, std::slice::from_ref(&w));
    config(&mut conn, "0");
    let err = refused.expect_err("out of memory is no conflict");
    assert!(err.to_string().contains("OOM"), "{err}");
    let value: Vec<u8> = redis::cmd("GET").arg("k").query(&mut conn).expect("GET");
    assert_eq!(value, b"v");
    assert_eq!(store.compare_and_set(0, &[w]).expect("written"), vec![true]);
}

/// A Cluster holding s0…s59 (`v0`…, the even ones with 600 s to live), a store opened on it,
/// the index of the primary behind the store's node 0 and that primary's keys.
struct Sixty {
    cluster: jsess_testkit::Cluster,
    store: Box<dyn jsess_store::Store>,
    first: usize,
    mine: Vec<String>,
}

impl Sixty {
    fn start(name: &str) -> Sixty {
        let cluster = jsess_testkit::Cluster::start(name);
        let mut routed = cluster.conn();
        for i in 0..60 {
            let mut cmd = redis::cmd("SET");
            cmd.arg(format!("s{i}")).arg(format!("v{i}"));
            if i % 2 == 0 {
                cmd.arg("PX").arg(600_000);
            }
            cmd.exec(&mut routed).expect("SET");
        }
        let store = jsess_store::open(&cluster.url()).expect("open");
        let urls = store.nodes();
        let first = cluster
            .nodes
            .iter()
            .position(|n| urls[0].contains(&format!(":{}", n.port)))
            .expect("node 0 is one of the primaries");
        let mut sixty = Sixty {
            cluster,
            store,
            first,
            mine: Vec::new(),
        };
        sixty.mine = sixty.held(first);
        assert!(sixty.mine.len() > 3, "{:?}", sixty.mine);
        sixty
    }

    /// The keys primary `n` holds.
    fn held(&self, n: usize) -> Vec<String> {
        jsess_testkit::dump::keyspace(&mut self.cluster.nodes[n].conn())
            .into_keys()
            .map(|k| String::from_utf8_lossy(&k).into_owned())
            .collect()
    }

    /// `v…` of the key `s…`.
    fn old(key: &str) -> Vec<u8> {
        format!("v{}", &key[1..]).into_bytes()
    }
}

#[test]
fn a_cluster_primary_writes_a_batch_in_one_call_and_what_moved_is_routed() {
    let Sixty {
        cluster,
        mut store,
        first,
        mine,
    } = Sixty::start("cluster-evalsha");
    let mut routed = cluster.conn();
    let other = (first + 1) % 3;
    let elsewhere = jsess_testkit::dump::keyspace(&mut cluster.nodes[other].conn())
        .into_keys()
        .next()
        .map(|k| String::from_utf8_lossy(&k).into_owned())
        .expect("a key on another primary");

    // Reads on the primary's own connection: its keys, a hash and a missing key in its slots
    // (no string value), and a key it does not hold, read through the cluster connection.
    let mut keys: Vec<Vec<u8>> = mine.iter().map(|k| k.as_bytes().to_vec()).collect();
    keys.push(format!("{{{}}}.hash", mine[0]).into_bytes());
    keys.push(format!("{{{}}}.missing", mine[0]).into_bytes());
    keys.push(elsewhere.as_bytes().to_vec());
    redis::cmd("HSET")
        .arg(&keys[mine.len()])
        .arg("f")
        .arg("v")
        .exec(&mut routed)
        .expect("HSET");
    let values = store.fetch(0, &keys).expect("fetch");
    for (i, key) in mine.iter().enumerate() {
        let Some(Stored { bytes, ttl }) = &values[i] else {
            panic!("{key}: {:?}", values[i]);
        };
        assert_eq!(bytes, format!("v{}", &key[1..]).as_bytes());
        let even = key[1..].parse::<u32>().expect("digits") % 2 == 0;
        assert_eq!(
            matches!(ttl, Ttl::Millis(ms) if *ms > 590_000),
            even,
            "{key}"
        );
    }
    assert_eq!(values[mine.len()], None, "a hash");
    assert_eq!(values[mine.len() + 1], None, "a missing key");
    let Some(Stored { bytes, .. }) = &values[mine.len() + 2] else {
        panic!("{elsewhere}: {:?}", values[mine.len() + 2]);
    };
    assert_eq!(bytes, format!("v{}", &elsewhere[1..]).as_bytes());
    let mut first_conn = cluster.nodes[first].conn();
    assert_eq!(server_calls(&mut first_conn, "get"), keys.len() as u64 - 1);
    assert_eq!(
        server_calls(&mut cluster.nodes[other].conn(), "get"),
        1,
        "the moved key's GET, routed"
    );

    let mut writes: Vec<Write> = mine
        .iter()
        .map(|k| {
            let old = format!("v{}", &k[1..]);
            write(
                k,
                Expected::Bytes(old.into_bytes()),
                b"new",
                WriteTtl::KeepCurrent,
            )
        })
        .collect();
    // One key changed since it was read; one on another primary (as if its slot had moved
    // since the scan): that primary answers MOVED and the cluster connection routes it.
    let changed = mine[1].clone();
    set_routed(&mut routed, &changed, b"application");
    // The hash: another type, so something else.
    let hash = format!("{{{}}}.hash", mine[0]);
    writes.push(write(
        &hash,
        Expected::Bytes(b"v".to_vec()),
        b"x",
        WriteTtl::KeepCurrent,
    ));
    writes.push(write(
        &elsewhere,
        Expected::Bytes(format!("v{}", &elsewhere[1..]).into_bytes()),
        b"moved",
        WriteTtl::KeepCurrent,
    ));
    let done = store.compare_and_set(0, &writes).expect("compare-and-set");
    let failed: Vec<usize> = (0..done.len()).filter(|&i| !done[i]).collect();
    assert_eq!(failed, vec![1, mine.len()]);

    let get = |key: &str| -> Option<Vec<u8>> {
        let mut c = cluster.conn();
        redis::cmd("GET").arg(key).query(&mut c).expect("GET")
    };
    for (i, key) in mine.iter().enumerate() {
        let expected: &[u8] = if i == 1 { b"application" } else { b"new" };
        assert_eq!(get(key).as_deref(), Some(expected), "{key}");
        let pttl: i64 = redis::cmd("PTTL")
            .arg(key)
            .query(&mut routed)
            .expect("PTTL");
        let even = key[1..].parse::<u32>().expect("digits") % 2 == 0;
        assert_eq!(pttl > 590_000, even && i != 1, "{key}: time to live {pttl}");
    }
    assert_eq!(get(&elsewhere).as_deref(), Some(&b"moved"[..]));
    let kind: String = redis::cmd("TYPE")
        .arg(&hash)
        .query(&mut routed)
        .expect("TYPE");
    assert_eq!(kind, "hash");
    // The primary took its keys, from many slots, in one call of the batch script; the moved
    // key went by the single-key script through the cluster connection.
    assert_eq!(server_calls(&mut first_conn, "evalsha"), 1);
    assert_eq!(server_calls(&mut first_conn, "eval"), 0);
    assert_eq!(server_calls(&mut cluster.nodes[other].conn(), "eval"), 1);
}

/// `SET key value` through a cluster connection.
fn set_routed(conn: &mut redis::cluster::ClusterConnection, key: &str, value: &[u8]) {
    redis::cmd("SET")
        .arg(key)
        .arg(value)
        .exec(conn)
        .expect("SET");
}

#[test]
fn a_slot_migrating_between_read_and_write_is_followed() {
    let mut sixty = Sixty::start("cluster-migrating");
    let first = sixty.first;
    let target = (first + 1) % 3;
    let node_id = |n: usize| -> String {
        redis::cmd("CLUSTER")
            .arg("MYID")
            .query(&mut sixty.cluster.nodes[n].conn())
            .expect("CLUSTER MYID")
    };
    let (source_id, target_id) = (node_id(first), node_id(target));
    let moved = sixty.mine[0].clone();
    let slot: u16 = redis::cmd("CLUSTER")
        .arg("KEYSLOT")
        .arg(&moved)
        .query(&mut sixty.cluster.nodes[first].conn())
        .expect("CLUSTER KEYSLOT");
    // The batch is scanned from the source; then its first key's slot starts moving to the
    // target (resharding), and the key moves before jsess reads it.
    let keys: Vec<Vec<u8>> = sixty.mine.iter().map(|k| k.as_bytes().to_vec()).collect();
    let setslot = |n: usize, state: &str, id: &str| {
        redis::cmd("CLUSTER")
            .arg("SETSLOT")
            .arg(slot)
            .arg(state)
            .arg(id)
            .exec(&mut sixty.cluster.nodes[n].conn())
            .expect("CLUSTER SETSLOT");
    };
    setslot(target, "IMPORTING", &source_id);
    setslot(first, "MIGRATING", &target_id);
    redis::cmd("MIGRATE")
        .arg("127.0.0.1")
        .arg(sixty.cluster.nodes[target].port)
        .arg(&moved)
        .arg(0)
        .arg(5000)
        .exec(&mut sixty.cluster.nodes[first].conn())
        .expect("MIGRATE");

    let values = sixty.store.fetch(0, &keys).expect("fetch");
    for (key, value) in sixty.mine.iter().zip(&values) {
        let Some(Stored { bytes, .. }) = value else {
            panic!("{key}: {value:?}");
        };
        assert_eq!(bytes, &Sixty::old(key), "{key}");
    }
    let writes: Vec<Write> = sixty
        .mine
        .iter()
        .map(|k| {
            write(
                k,
                Expected::Bytes(Sixty::old(k)),
                format!("new{}", &k[1..]).as_bytes(),
                WriteTtl::KeepCurrent,
            )
        })
        .collect();
    let done = sixty
        .store
        .compare_and_set(0, &writes)
        .expect("compare-and-set");
    assert!(done.iter().all(|&d| d), "{done:?}");

    // The moved key was written where it now lives, with its time to live; the rest on the
    // source.
    let get = |n: usize, key: &str| -> Option<Vec<u8>> {
        let mut conn = sixty.cluster.nodes[n].conn();
        redis::cmd("ASKING").exec(&mut conn).expect("ASKING");
        redis::cmd("GET").arg(key).query(&mut conn).expect("GET")
    };
    assert_eq!(
        get(target, &moved),
        Some(format!("new{}", &moved[1..]).into_bytes())
    );
    for key in &sixty.mine[1..] {
        assert_eq!(
            get(first, key),
            Some(format!("new{}", &key[1..]).into_bytes()),
            "{key}"
        );
    }
    let mut target_conn = sixty.cluster.nodes[target].conn();
    redis::cmd("ASKING").exec(&mut target_conn).expect("ASKING");
    let pttl: i64 = redis::cmd("PTTL")
        .arg(&moved)
        .query(&mut target_conn)
        .expect("PTTL");
    let even = moved[1..].parse::<u32>().expect("digits") % 2 == 0;
    assert_eq!(pttl > 590_000, even, "{moved}: {pttl}");

    // Rolled back in one pipeline over the primaries, the moved key by following `ASK`.
    let items: Vec<jsess_store::Restore> = sixty
        .mine
        .iter()
        .map(|k| jsess_store::Restore {
            key: k.as_bytes().to_vec(),
            previous: Some(Sixty::old(k)),
            written_sha1: jsess_store::sha1(format!("new{}", &k[1..]).as_bytes()),
            kind: jsess_store::ValueKind::String,
        })
        .collect();
    let node = sixty.store.node_of(moved.as_bytes());
    assert_eq!(node, 0, "the slot map still names the source");
    let outcomes = sixty.store.restore(node, &items).expect("restore");
    assert!(
        outcomes
            .iter()
            .all(|o| *o == jsess_store::RestoreOutcome::Restored),
        "{outcomes:?}"
    );
    assert_eq!(get(target, &moved), Some(Sixty::old(&moved)));
    for key in &sixty.mine[1..] {
        assert_eq!(get(first, key), Some(Sixty::old(key)), "{key}");
    }
}
