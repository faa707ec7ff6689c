//! Redis contents written down as JSON (`corpora/layouts/*.json`): each entry a key with its
//! type, time to live and contents, bytes in Base64; and snapshots of a live server's whole
//! keyspace ([`keyspace`]), to check that a rollback put every byte back.

use base64::Engine;
use serde_json::Value as Json;

/// One key.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key.
    pub key: Vec<u8>,
    /// Milliseconds to live, or -1 for none.
    pub pttl: i64,
    /// What it holds.
    pub contents: Contents,
}

/// What a key holds.
#[derive(Debug, Clone)]
pub enum Contents {
    /// A hash: (field, value) pairs in the order written.
    Hash(Vec<(Vec<u8>, Vec<u8>)>),
    /// A string.
    String(Vec<u8>),
    /// A set.
    Set(Vec<Vec<u8>>),
}

fn bytes(value: &Json) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(value.as_str().expect("base64 text"))
        .expect("base64")
}

/// Reads a dump file under `corpora/`.
pub fn read(relative: &str) -> Vec<Entry> {
    let text = std::fs::read_to_string(crate::corpora().join(relative)).expect("dump file");
    let json: Json = serde_json::from_str(&text).expect("dump JSON");
    json.as_array()
        .expect("array of entries")
        .iter()
        .map(|e| Entry {
            key: e["key"].as_str().expect("key").as_bytes().to_vec(),
            pttl: e["pttl"].as_i64().expect("pttl"),
            contents: match e["type"].as_str() {
                Some("hash") => Contents::Hash(
                    e["fields"]
                        .as_array()
                        .expect("fields")
                        .iter()
                        .map(|pair| (bytes(&pair[0]), bytes(&pair[1])))
                        .collect(),
                ),
                Some("set") => Contents::Set(
                    e["members"]
                        .as_array()
                        .expect("members")
                        .iter()
                        .map(bytes)
                        .collect(),
                ),
                _ => Contents::String(bytes(&e["value"])),
            },
        })
        .collect()
}

impl Entry {
    /// Writes the key into a server (replacing it), with its time to live.
    pub fn load(&self, conn: &mut redis::Connection) {
        let mut pipe = redis::pipe();
        pipe.del(&self.key).ignore();
        match &self.contents {
            Contents::Hash(fields) => {
                pipe.hset_multiple(&self.key, fields).ignore();
            }
            Contents::String(value) => {
                pipe.set(&self.key, value).ignore();
            }
            Contents::Set(members) => {
                pipe.sadd(&self.key, members).ignore();
            }
        }
        if self.pttl > 0 {
            pipe.pexpire(&self.key, self.pttl).ignore();
        }
        pipe.query::<()>(conn).expect("load entry");
    }
}

/// Every key of one server: what `DUMP` serializes (a value of any type, byte for byte) and
/// its `PTTL` (-1 for none).
pub type Keyspace = std::collections::BTreeMap<Vec<u8>, (Vec<u8>, i64)>;

/// Every key `conn`'s server holds, with [`Keyspace`]'s bytes and time to live.
pub fn keyspace(conn: &mut redis::Connection) -> Keyspace {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(conn).expect("KEYS");
    let mut pipe = redis::pipe();
    for key in &keys {
        pipe.cmd("DUMP").arg(key).cmd("PTTL").arg(key);
    }
    let replies: Vec<(Option<Vec<u8>>, i64)> = pipe.query(conn).expect("DUMP and PTTL");
    keys.into_iter()
        .zip(replies)
        // A key that expired between KEYS and DUMP is not there.
        .filter_map(|(key, (bytes, pttl))| bytes.map(|b| (key, (b, pttl))))
        .collect()
}

/// `after` holds exactly `before`'s keys with the same bytes, each key's time to live what it
/// had, less at most `elapsed` (and a second for the clocks' rounding): a persistent key is
/// still persistent.
pub fn assert_same_keyspace(before: &Keyspace, after: &Keyspace, elapsed: std::time::Duration) {
    let names = |k: &Keyspace| -> Vec<String> {
        k.keys()
            .map(|key| String::from_utf8_lossy(key).into_owned())
            .collect()
    };
    assert_eq!(names(after), names(before), "the same keys");
    for (key, (bytes, pttl)) in before {
        let (now, now_pttl) = &after[key];
        assert!(
            now == bytes,
            "{}: the bytes differ",
            String::from_utf8_lossy(key)
        );
        assert_ttl_kept(*pttl, *now_pttl, elapsed, key);
    }
}

/// A time to live read as `before`, then as `after` once `elapsed` went by: a persistent key
/// stays persistent, a key with a time to live has lost no more than `elapsed` (and a second).
pub fn assert_ttl_kept(before: i64, after: i64, elapsed: std::time::Duration, key: &[u8]) {
    if before < 0 {
        assert_eq!(
            after,
            -1,
            "{}: persistent key got a TTL",
            String::from_utf8_lossy(key)
        );
        return;
    }
    let expected = before - i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX);
    assert!(
        after <= before && after >= expected - 1000,
        "{}: TTL {before} ms became {after} ms after {elapsed:?}",
        String::from_utf8_lossy(key)
    );
}
