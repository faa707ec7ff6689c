//! Redis contents written down as JSON (`corpora/layouts/*.json`): each entry a key with its
//! type, time to live and contents, bytes in Base64.

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
