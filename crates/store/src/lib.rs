//! # jsess-store
//!
//! The session stores jsess reads and rewrites, behind one interface ([`Store`]):
//!
//! * a directory of blob files, one file per key (the embedded default: every command runs
//!   without a server);
//! * one Redis server (`redis://[user:password@]host:port/db`, `rediss://` for TLS);
//! * several Redis servers at once, the shards a proxy spreads keys over (a proxy cannot SCAN):
//!   their URLs joined by commas, `redis://a:6379,redis://b:6379`;
//! * a Redis Cluster (found by asking the first server; the other URLs are extra seed nodes):
//!   every primary is scanned, key commands are routed by slot;
//! * the primary Redis Sentinels name: `redis+sentinel://[user:password@]host:port[,host:port…]/
//!   primary-name[/db]` (`rediss+sentinel://` for TLS to the sentinels and the primary).
//!
//! TLS connections use the system's root certificates unless [`Connect`] names a private
//! certificate authority and a client certificate ([`open_with`]).
//!
//! Keys are visited in batches (one `SCAN … COUNT n` step, values and times to live fetched
//! with one round trip), so memory depends on the batch size, never on the number of keys.
//! Writes are compare-and-set scripts: a value is replaced only while the key still holds the
//! bytes that were read, keeping its remaining time to live. The backup file ([`backup`]) and
//! the checkpoint ([`checkpoint`]) make a rewrite reversible and resumable. Formats and
//! scripts are specified in `docs/redis.md`.
//!
//! A store too large for one process is split by Redis Cluster's hash slots ([`slots`]): each
//! worker rewrites the keys of its [`SlotRange`] (msm's companion keys going with their
//! session), with its own backup and checkpoint; [`rollback`] takes each worker's backup.

pub mod backup;
pub mod checkpoint;
mod connect;
mod dir;
mod error;
pub mod keys;
mod kind;
pub mod rewrite;
mod rollback;
mod server;
pub mod slots;
mod walk;

use std::sync::mpsc::Receiver;

pub use connect::{Connect, TlsFiles};
pub use dir::DirStore;
pub use error::Error;
pub use kind::{hash_fields, hash_image, ValueKind};
pub use rewrite::{
    Decision, Plan, Progress, Quiet, Report, Rewrite, Settings, DEFAULT_WORKER_NICE,
};
pub use rollback::{rollback, rollback_all, RollbackReport, RollbackTotals};
pub use server::{
    redacted, RedisStore, Watch, CAS_BATCH_SCRIPT, CAS_SCRIPT, READ_SCRIPT, RESTORE_SCRIPT,
};
pub use slots::{session_slot, slot, SlotRange, SlotRangeError};
pub use walk::{walk, Found};

/// A key's bytes.
pub type Key = Vec<u8>;

/// A key's remaining time to live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Ttl {
    /// No expiry (`PTTL` -1).
    Persistent,
    /// Milliseconds left.
    Millis(i64),
}

impl Ttl {
    /// From a `PTTL` reply: `None` when the key does not exist (-2).
    pub fn from_pttl(pttl: i64) -> Option<Ttl> {
        match pttl {
            -2 => None,
            p if p < 0 => Some(Ttl::Persistent),
            p => Some(Ttl::Millis(p)),
        }
    }

    /// As a `PTTL` reply (-1 for no expiry).
    pub fn as_pttl(self) -> i64 {
        match self {
            Ttl::Persistent => -1,
            Ttl::Millis(ms) => ms,
        }
    }
}

/// A value as read, with its time to live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The value.
    pub bytes: Vec<u8>,
    /// What the key had left to live when it was read.
    pub ttl: Ttl,
}

/// A hash's field/value pairs.
pub type HashFields = Vec<(Vec<u8>, Vec<u8>)>;

/// A hash as read (field/value pairs in the order the server gave them), with its time to
/// live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHash {
    /// The fields and their values.
    pub fields: HashFields,
    /// What the key had left to live when it was read.
    pub ttl: Ttl,
}

/// What a key holds, as Redis's `TYPE` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    /// No such key.
    None,
    /// A string (msm's layout: one blob per session).
    String,
    /// A hash (Spring Session's and Redisson's layouts: one field per session property).
    Hash,
    /// Anything else (`set`, `zset`, `list`, `stream`, …).
    Other(String),
}

impl KeyType {
    /// From `TYPE`'s reply.
    pub fn of(name: &str) -> KeyType {
        match name {
            "none" => KeyType::None,
            "string" => KeyType::String,
            "hash" => KeyType::Hash,
            other => KeyType::Other(other.to_string()),
        }
    }
}

/// Keys from one step of a scan, all held by one node (`node` indexes [`Store::nodes`]).
#[derive(Debug, Clone)]
pub struct Batch {
    /// The node that holds the keys.
    pub node: usize,
    /// The keys, in scan order.
    pub keys: Vec<Key>,
}

/// Where a scan stands: the node being scanned and its SCAN cursor (for a directory, the index
/// of the next file). Saving it after a batch is handled and seeking to it later resumes there.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// The node being scanned.
    pub node: usize,
    /// Its SCAN cursor (a directory: the index of the next file).
    pub cursor: u64,
    /// Every node has been scanned.
    pub done: bool,
    /// The scanned server's `run_id`: a SCAN cursor means nothing to a restarted server
    /// (its hash seed is new), so seeking to a position of another run starts that node over.
    #[serde(default)]
    pub epoch: String,
}

/// What a compare-and-set expects the key to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Exactly these bytes.
    Bytes(Vec<u8>),
    /// No value at all.
    Absent,
}

/// The time to live a write gives the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteTtl {
    /// Whatever the key has left at the moment of the write (in-place rewrites).
    KeepCurrent,
    /// This one.
    Set(Ttl),
}

/// One compare-and-set.
#[derive(Debug, Clone)]
pub struct Write {
    /// The key written.
    pub key: Key,
    /// What the key must hold for the write to happen.
    pub expected: Expected,
    /// The new value.
    pub value: Vec<u8>,
    /// The time to live it gets.
    pub ttl: WriteTtl,
    /// A string, or a hash whose image `expected` and `value` are.
    pub kind: ValueKind,
}

/// One value to put back: where migration wrote bytes whose SHA-1 is `written_sha1`, the value
/// before (`None`: there was none, the key is deleted).
#[derive(Debug, Clone)]
pub struct Restore {
    /// The key restored.
    pub key: Key,
    /// Its value before migration (`None`: it had none).
    pub previous: Option<Vec<u8>>,
    /// The SHA-1 of what migration wrote: the key is restored only while it holds that.
    pub written_sha1: [u8; 20],
    /// A string, or a hash (`previous` is its image, the SHA-1 that of the image written).
    pub kind: ValueKind,
}

/// What a restore found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreOutcome {
    /// The key held what migration wrote; it holds the previous value again (same time to live).
    Restored,
    /// The key already held the previous value.
    AlreadyPrevious,
    /// The key was written since (by an application): left as it is.
    ChangedSince,
    /// The key no longer exists (expired or deleted since): left absent.
    Gone,
}

impl RestoreOutcome {
    /// How reports name the outcome.
    pub fn name(self) -> &'static str {
        match self {
            RestoreOutcome::Restored => "restored",
            RestoreOutcome::AlreadyPrevious => "already previous",
            RestoreOutcome::ChangedSince => "changed since",
            RestoreOutcome::Gone => "gone",
        }
    }
}

/// Values read with [`Store::fetch_watched`], and their watch.
pub type Watched = (Vec<Option<Stored>>, Watch);

/// A session store: scanned in batches, read and written with compare-and-set.
pub trait Store {
    /// The store, for messages (no password).
    fn describe(&self) -> String;
    /// The nodes keys live on (one for a single server or a directory).
    fn nodes(&self) -> Vec<String>;
    /// How many keys the store holds (for progress bars).
    fn key_count(&mut self) -> Result<u64, Error>;
    /// Where the scan stands.
    fn position(&self) -> Position;
    /// Continues a scan from `position`.
    fn seek(&mut self, position: Position) -> Result<(), Error>;
    /// Starts the scan again from the beginning (a rescan).
    fn rewind(&mut self) {
        let _ = self.seek(Position::default());
    }
    /// Keys starting with `prefix` only (default: every key).
    fn set_match_prefix(&mut self, prefix: &[u8]);
    /// The next keys, about `count` of them; `None` once every node is scanned.
    fn next_batch(&mut self, count: usize) -> Result<Option<Batch>, Error>;
    /// The values of `keys` held by `node`; `None` for a key that vanished.
    fn fetch(&mut self, node: usize, keys: &[Key]) -> Result<Vec<Option<Stored>>, Error>;
    /// Reads `keys` of `node` as [`Store::fetch`] does and keeps them watched, for a batch
    /// written in place afterwards with [`Watch::write`]: a compare-and-set the server makes
    /// without a script. `None` (the default) where the store reads no other way: a
    /// directory, a Cluster, a server before 6.2 or one that refuses `WATCH`.
    fn fetch_watched(&mut self, node: usize, keys: &[Key]) -> Result<Option<Watched>, Error> {
        let _ = (node, keys);
        Ok(None)
    }
    /// Whether the store can hold hashes (Redis; a directory holds files).
    fn holds_hashes(&self) -> bool {
        false
    }
    /// Scans visit keys holding `kind` only (default: strings, msm's sessions).
    fn set_scan_kind(&mut self, kind: ValueKind) {
        let _ = kind;
    }
    /// The values of `keys` of `kind`, hashes as their images.
    fn fetch_kind(
        &mut self,
        node: usize,
        keys: &[Key],
        kind: ValueKind,
    ) -> Result<Vec<Option<Stored>>, Error> {
        match kind {
            ValueKind::String => self.fetch(node, keys),
            ValueKind::Hash => Ok(self
                .fetch_hashes(node, keys)?
                .into_iter()
                .map(|h| {
                    h.map(|h| Stored {
                        bytes: hash_image(&h.fields),
                        ttl: h.ttl,
                    })
                })
                .collect()),
        }
    }
    /// The value of one key, wherever it lives: shards each hold their own keys, so each is
    /// asked in turn (a cluster routes the key itself). `None` when no node has it.
    fn get(&mut self, key: &[u8]) -> Result<Option<Stored>, Error> {
        let key = key.to_vec();
        for node in 0..self.nodes().len() {
            if let Some(value) = self
                .fetch(node, std::slice::from_ref(&key))?
                .pop()
                .flatten()
            {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }
    /// What each key held by `node` is. Stores without types (a directory) hold only strings.
    fn key_types(&mut self, node: usize, keys: &[Key]) -> Result<Vec<KeyType>, Error> {
        let _ = node;
        Ok(vec![KeyType::String; keys.len()])
    }
    /// The hashes of `keys` held by `node`; `None` for a key that is missing (or not a hash).
    fn fetch_hashes(
        &mut self,
        node: usize,
        keys: &[Key],
    ) -> Result<Vec<Option<StoredHash>>, Error> {
        let _ = (node, keys);
        Err(Error::Unsupported(format!(
            "{} holds no hashes",
            self.describe()
        )))
    }
    /// The type of one key, wherever it lives (each shard is asked in turn).
    fn key_type(&mut self, key: &[u8]) -> Result<KeyType, Error> {
        let key = key.to_vec();
        for node in 0..self.nodes().len() {
            match self.key_types(node, std::slice::from_ref(&key))?.pop() {
                Some(KeyType::None) | None => {}
                Some(found) => return Ok(found),
            }
        }
        Ok(KeyType::None)
    }
    /// One hash, wherever it lives. `None` when no node has it.
    fn get_hash(&mut self, key: &[u8]) -> Result<Option<StoredHash>, Error> {
        let key = key.to_vec();
        for node in 0..self.nodes().len() {
            if let Some(hash) = self
                .fetch_hashes(node, std::slice::from_ref(&key))?
                .pop()
                .flatten()
            {
                return Ok(Some(hash));
            }
        }
        Ok(None)
    }
    /// Compare-and-set writes of keys held by `node` (a cluster routes each by slot); `true`
    /// where the key held what was expected and now holds the new value.
    fn compare_and_set(&mut self, node: usize, writes: &[Write]) -> Result<Vec<bool>, Error>;
    /// Another handle on the same nodes, with connections of its own, that writes one batch
    /// ([`Store::compare_and_set`]) while this one scans and reads the next, so that the server
    /// works on both at once (a Cluster's with a cluster connection of its own). `None` (the
    /// default) where the store has none to give: a directory.
    fn writer(&self) -> Result<Option<Box<dyn Store + Send>>, Error> {
        Ok(None)
    }
    /// Puts values back where they still hold what migration wrote.
    fn restore(&mut self, node: usize, items: &[Restore]) -> Result<Vec<RestoreOutcome>, Error>;
    /// Takes msm's lock (`SET lock-key locked NX PX ttl`) on each key; `true` where taken.
    fn lock(&mut self, node: usize, lock_keys: &[Key], ttl_ms: u64) -> Result<Vec<bool>, Error>;
    /// Releases locks this process took.
    fn unlock(&mut self, node: usize, lock_keys: &[Key]) -> Result<(), Error>;
    /// Keys written from now on, as the store reports them (Redis keyspace notifications,
    /// switched on with `CONFIG SET` when the server allows it). `None` when the store cannot
    /// report writes (then a periodic rescan is all there is).
    fn watch(&mut self, prefix: &[u8]) -> Result<Option<Receiver<(usize, Key)>>, Error>;
    /// Where `key` lives, for keys not found by the scan (a target prefix).
    fn node_of(&mut self, key: &[u8]) -> usize;
    /// Whether any key can be written through [`Store::node_of`]: not for several shards,
    /// where a proxy's hash places new keys.
    fn routes_keys(&self) -> bool {
        true
    }
}

/// Opens a store: a Redis URL (or several, comma-separated), a Sentinel URL or a directory.
pub fn open(source: &str) -> Result<Box<dyn Store>, Error> {
    open_with(source, &Connect::default())
}

/// Opens a store as [`open`] does, connecting to Redis with `connect`'s TLS files.
pub fn open_with(source: &str, connect: &Connect) -> Result<Box<dyn Store>, Error> {
    if is_redis(source) {
        Ok(Box::new(RedisStore::open_with(source, connect)?))
    } else if connect.tls.is_some() {
        Err(Error::Source(format!(
            "{source}: TLS certificate files apply to rediss:// URLs, not to a directory"
        )))
    } else {
        Ok(Box::new(DirStore::open(std::path::Path::new(source))?))
    }
}

/// Whether `source` names a Redis store (`redis://`, `rediss://`, or a Sentinel URL,
/// `redis+sentinel://`, `rediss+sentinel://`).
pub fn is_redis(source: &str) -> bool {
    source.starts_with("redis://")
        || source.starts_with("rediss://")
        || connect::is_sentinel(source)
}

/// The answer for each of `items`, where a first way of asking left some undecided (`None`):
/// those are asked of `rest`, in their order, and its answers merged back.
pub(crate) fn decide_rest<T, I: Clone>(
    mut done: Vec<Option<T>>,
    items: &[I],
    rest: impl FnOnce(&[I]) -> Result<Vec<T>, Error>,
) -> Result<Vec<T>, Error> {
    let open: Vec<usize> = (0..done.len()).filter(|&i| done[i].is_none()).collect();
    if !open.is_empty() {
        let again: Vec<I> = open.iter().filter_map(|&i| items.get(i).cloned()).collect();
        let answers = rest(&again)?;
        if answers.len() != open.len() {
            return Err(Error::Unsupported(format!(
                "{} answers for {} keys",
                answers.len(),
                open.len()
            )));
        }
        for (i, answer) in open.into_iter().zip(answers) {
            done[i] = Some(answer);
        }
    }
    done.into_iter()
        .collect::<Option<Vec<T>>>()
        .ok_or_else(|| Error::Unsupported(format!("fewer answers than {} keys", items.len())))
}

/// SHA-1 of `bytes` (what Redis scripts compute with `redis.sha1hex`). Migration hashes every
/// value it writes, so this uses the CPU's SHA instructions where it has them: 2.5× faster than
/// a portable implementation on a 700-byte session.
pub fn sha1(bytes: &[u8]) -> [u8; 20] {
    use sha1::Digest;
    sha1::Sha1::digest(bytes).into()
}
