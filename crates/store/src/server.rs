//! Redis: one server, the shards behind a proxy, or a Cluster.
//!
//! Each shard (or each Cluster primary) is scanned over its own connection, one `SCAN` step per
//! batch. On one server, a batch's values are read by one round trip of transactions (`MULTI`,
//! `MGET` and `PTTL` of many keys, `EXEC`; [`READ_SCRIPT`] calls where a server refuses them)
//! and written by one of [`CAS_BATCH_SCRIPT`] calls (many compare-and-sets per call). A
//! Cluster's batch is read (pipelined `GET` and `PTTL`) and written ([`CAS_BATCH_SCRIPT`] calls,
//! the keys passed as arguments, since a script's declared keys must share a slot) on the
//! connection to the primary it was scanned from, other pipelines go to each key's primary by
//! the slot map, and only what a primary sends elsewhere goes through the client's cluster
//! connection, which follows the redirection (`cluster.rs`).

use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::Duration;

use redis::{Client, Cmd, Connection, Value};

mod batch;
mod cluster;
mod hash;
mod single;
mod txn;
mod watch;

pub use batch::{CAS_BATCH_SCRIPT, READ_SCRIPT};
use single::{cas_arguments, cas_command};
pub use single::{CAS_SCRIPT, RESTORE_SCRIPT};
pub use watch::Watch;

use crate::connect::{is_sentinel, resolve_sentinel, Certs, Connect};
use crate::error::redis as redis_err;
use crate::keys::prefix_pattern;
use crate::{
    Batch, Error, Key, Position, Restore, RestoreOutcome, Store, Stored, Ttl, ValueKind, Watched,
    Write,
};

/// A Redis store: one server, shards, or a Cluster's primaries.
pub struct RedisStore {
    /// The URL of every scanned node (shard or primary), with credentials.
    urls: Vec<String>,
    /// One connection per scanned node: SCAN, and key commands when there is no cluster.
    conns: Vec<Connection>,
    /// A Cluster's own connection and its primary for each hash slot.
    cluster: Option<cluster::Cluster>,
    db: i64,
    position: Position,
    pattern: Option<Vec<u8>>,
    /// Servers before 6.0 have no `SCAN … TYPE`.
    scan_type: bool,
    /// What scans visit.
    scan_kind: ValueKind,
    /// The certificates every client of this store is built with.
    certs: Certs,
    /// Every node (a server, a shard, a Cluster's primary) has `SET … KEEPTTL GET` (Redis
    /// 6.2+): string writes go many per script call ([`CAS_BATCH_SCRIPT`]).
    batch_writes: bool,
    /// Values are read many per script call ([`READ_SCRIPT`]): not on a Cluster, nor once a
    /// server refused the script.
    read_script: bool,
    /// Values are read through transactions (`MULTI`/`EXEC`): not on a Cluster, whose
    /// transactions must stay in one slot, nor once a server refused them.
    transactions: bool,
    /// Connections for watched reads ([`Watch`]); none are made while `batch_writes` is off,
    /// nor once a server refused `WATCH`.
    pool: Arc<watch::Pool>,
    watching: bool,
}

impl RedisStore {
    /// Connects to `source`: one URL, or several joined by commas (shards, or Cluster seeds).
    pub fn open(source: &str) -> Result<RedisStore, Error> {
        RedisStore::open_with(source, &Connect::default())
    }

    /// Connects to `source` as [`RedisStore::open`] does, with `connect`'s TLS files; a
    /// `redis+sentinel://` URL is resolved to the primary its sentinels name.
    pub fn open_with(source: &str, options: &Connect) -> Result<RedisStore, Error> {
        #[cfg(feature = "tls")]
        {
            // Several libraries may try; the first provider installed wins, which is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let certs = Certs::load(options, source)?;
        let urls: Vec<String> = if is_sentinel(source) {
            vec![resolve_sentinel(source, &certs)?]
        } else {
            source
                .split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(String::from)
                .collect()
        };
        let first = urls
            .first()
            .ok_or_else(|| Error::Source("no Redis URL given".into()))?;
        let client = certs.client(first)?;
        let db = client.get_connection_info().redis_settings().db();
        let mut conn = connect(&client, first)?;
        let info: String = redis::cmd("INFO")
            .arg("cluster")
            .query(&mut conn)
            .map_err(redis_err(format!("{}: INFO", redacted(first))))?;
        if info.contains("cluster_enabled:1") {
            return cluster::open(&urls, conn, certs);
        }
        let mut conns = vec![conn];
        for url in &urls[1..] {
            conns.push(connect(&certs.client(url)?, url)?);
        }
        let mut batch_writes = true;
        for (conn, url) in conns.iter_mut().zip(&urls) {
            batch_writes &= has_set_get(conn, url)?;
        }
        Ok(RedisStore::new(urls, conns, None, db, certs, batch_writes))
    }

    /// A store over `conns` (one per URL), to be scanned from the start. A Cluster's batches
    /// hold keys of many slots, which no transaction, watch or declared script keys may span.
    fn new(
        urls: Vec<String>,
        conns: Vec<Connection>,
        cluster: Option<cluster::Cluster>,
        db: i64,
        certs: Certs,
        batch_writes: bool,
    ) -> RedisStore {
        let single = cluster.is_none();
        RedisStore {
            urls,
            conns,
            cluster,
            db,
            position: Position::default(),
            pattern: None,
            scan_type: true,
            scan_kind: ValueKind::String,
            certs,
            batch_writes,
            read_script: single,
            transactions: single,
            pool: Arc::default(),
            watching: single,
        }
    }

    /// `GET` and `PTTL` of each key, pipelined (routed by slot in a Cluster).
    fn get_each(&mut self, node: usize, keys: &[Key]) -> Result<Vec<Option<Stored>>, Error> {
        let replies = self.pipeline(node, get_commands(keys), "GET/PTTL")?;
        stored_values(replies, "PTTL")
    }

    /// One compare-and-set script call per write, pipelined (routed by slot in a Cluster).
    fn cas_each(&mut self, node: usize, writes: &[Write]) -> Result<Vec<bool>, Error> {
        let cmds = writes.iter().map(cas_command).collect::<Result<_, _>>()?;
        cas_outcomes(self.pipeline(node, cmds, "compare-and-set")?)
    }

    /// `cmds` one at a time through the cluster connection, which follows `MOVED` and `ASK`
    /// for a single command (in a cluster pipeline, a redirected command's reply comes back
    /// as an error): for the few keys a primary sent elsewhere.
    fn routed(&mut self, cmds: Vec<Cmd>, what: &str) -> Result<Vec<Value>, Error> {
        let cluster = self
            .cluster
            .as_mut()
            .map(|c| &mut c.conn)
            .ok_or_else(|| Error::Unsupported(format!("{what}: not a Cluster")))?;
        let context = format!("cluster: {what}");
        cmds.iter()
            .map(|cmd| cluster::routed(cluster, cmd, &context))
            .collect()
    }

    /// The `run_id` of `node`'s server process.
    fn run_id(&mut self, node: usize) -> Result<String, Error> {
        let info: String = redis::cmd("INFO")
            .arg("server")
            .query(&mut self.conns[node])
            .map_err(redis_err(format!(
                "{}: INFO server",
                redacted(&self.urls[node])
            )))?;
        Ok(info
            .lines()
            .find_map(|l| l.strip_prefix("run_id:"))
            .unwrap_or_default()
            .trim()
            .to_string())
    }

    /// Whether the store is a Redis Cluster.
    pub fn is_cluster(&self) -> bool {
        self.cluster.is_some()
    }

    /// Sends `cmds` in one pipeline to `node` (or, in a cluster, to the nodes owning their keys).
    fn pipeline(&mut self, node: usize, cmds: Vec<Cmd>, what: &str) -> Result<Vec<Value>, Error> {
        self.send(node, cmds)?
            .map_err(|e| redis_err(self.context(node, what))(e))
    }

    /// The connection to `node` itself (on a Cluster, to that primary, not routed), and what
    /// its errors say it was doing.
    fn primary(&mut self, node: usize, what: &str) -> Result<(&mut Connection, String), Error> {
        let url = self
            .urls
            .get(node)
            .ok_or_else(|| Error::Unsupported(format!("no node {node}")))?;
        let context = format!("{}: {what}", redacted(url));
        let conn = self
            .conns
            .get_mut(node)
            .ok_or_else(|| Error::Unsupported(format!("no node {node}")))?;
        Ok((conn, context))
    }

    /// What an error of `node` says it was doing.
    fn context(&self, node: usize, what: &str) -> String {
        match &self.cluster {
            Some(_) => format!("cluster: {what}"),
            None => {
                let url = self.urls.get(node).map(|u| redacted(u)).unwrap_or_default();
                format!("{url}: {what}")
            }
        }
    }

    /// [`RedisStore::pipeline`], the server's error kept as it came.
    fn send(
        &mut self,
        node: usize,
        cmds: Vec<Cmd>,
    ) -> Result<redis::RedisResult<Vec<Value>>, Error> {
        if cmds.is_empty() {
            return Ok(Ok(Vec::new()));
        }
        if let Some(c) = self.cluster.as_mut() {
            let replies = cluster::pipeline(
                &mut self.conns,
                &c.slots,
                node,
                &cmds,
                &mut c.conn,
                "cluster",
            )?;
            return Ok(Value::Array(replies).extract_error().map(|v| match v {
                Value::Array(replies) => replies,
                other => vec![other],
            }));
        }
        let conn = self
            .conns
            .get_mut(node)
            .ok_or_else(|| Error::Unsupported(format!("no node {node}")))?;
        let mut pipe = redis::pipe();
        for cmd in cmds {
            pipe.add_command(cmd);
        }
        Ok(pipe.query(conn))
    }

    /// Sends a pipeline of script calls (or of transactions); `None` when the server refuses
    /// them (an ACL user without `EVALSHA` or `SCRIPT`, or `@transaction`; a proxy that does
    /// not know them): nothing was done, and the caller goes another way from now on.
    fn scripted(
        &mut self,
        node: usize,
        cmds: Vec<Cmd>,
        what: &str,
    ) -> Result<Option<Vec<Value>>, Error> {
        match self.send(node, cmds)? {
            Ok(replies) => Ok(Some(replies)),
            Err(e) if refuses_scripts(&e) => Ok(None),
            Err(e) => Err(redis_err(self.context(node, what))(e)),
        }
    }
}

/// Whether an error says the server does not run jsess's scripts at all (rather than that a
/// script failed): no permission for `EVALSHA`/`SCRIPT`, or commands a proxy does not know.
fn refuses_scripts(e: &redis::RedisError) -> bool {
    match e.kind() {
        redis::ErrorKind::Server(redis::ServerErrorKind::NoPerm) => true,
        redis::ErrorKind::Server(redis::ServerErrorKind::ResponseError) => e
            .detail()
            .is_some_and(|d| d.contains("unknown command") || d.contains("unknown subcommand")),
        _ => false,
    }
}

fn connect(client: &Client, url: &str) -> Result<Connection, Error> {
    client
        .get_connection_with_timeout(Duration::from_secs(10))
        .map_err(redis_err(format!("connecting to {}", redacted(url))))
}

fn unexpected(context: &str, value: &Value) -> Error {
    Error::Reply {
        context: context.into(),
        reply: format!("{value:?}"),
    }
}

/// The URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into();
    };
    match rest.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}"),
        None => url.into(),
    }
}

/// `url` with its host and port replaced (same scheme, credentials, path and query).
fn with_address(url: &str, host: &str, port: u16) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("redis", url));
    let (credentials, rest) = match rest.rsplit_once('@') {
        Some((c, r)) => (format!("{c}@"), r),
        None => (String::new(), rest),
    };
    let tail = rest.find(['/', '?']).map(|i| &rest[i..]).unwrap_or("");
    let original_host = rest
        .split(['/', '?'])
        .next()
        .and_then(|a| a.rsplit_once(':').map(|(h, _)| h).or(Some(a)))
        .unwrap_or("");
    // An empty host in CLUSTER SLOTS means "the address you reached me at".
    let host = if host.is_empty() { original_host } else { host };
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    format!("{scheme}://{credentials}{host}:{port}{tail}")
}

/// Values and times to live from replies that alternate between the two.
fn stored_values(replies: Vec<Value>, what: &str) -> Result<Vec<Option<Stored>>, Error> {
    let mut out = Vec::with_capacity(replies.len() / 2);
    let mut replies = replies.into_iter();
    while let (Some(value), Some(pttl)) = (replies.next(), replies.next()) {
        out.push(stored(value, pttl, what)?);
    }
    Ok(out)
}

/// Whether the server behind `conn` (at `url`) has `SET … KEEPTTL GET` (Redis 6.2+), which
/// the batched compare-and-set script needs.
fn has_set_get(conn: &mut Connection, url: &str) -> Result<bool, Error> {
    let info: String = redis::cmd("INFO")
        .arg("server")
        .query(conn)
        .map_err(redis_err(format!("{}: INFO", redacted(url))))?;
    Ok(batch::has_set_get(&info))
}

/// `GET key`, `PTTL key` for each key.
fn get_commands(keys: &[Key]) -> Vec<Cmd> {
    let mut cmds = Vec::with_capacity(keys.len() * 2);
    for key in keys {
        cmds.push(redis::cmd("GET").arg(key.as_slice()).clone());
        cmds.push(redis::cmd("PTTL").arg(key.as_slice()).clone());
    }
    cmds
}

/// Whether each of the single-key compare-and-set calls wrote its key.
fn cas_outcomes(replies: Vec<Value>) -> Result<Vec<bool>, Error> {
    replies
        .into_iter()
        .map(|v| match v {
            Value::Int(n) => Ok(n == 1),
            other => Err(unexpected("compare-and-set", &other)),
        })
        .collect()
}

/// A value as `GET` (or `MGET`) answered it, with its `PTTL`: `None` for no string value.
fn stored(value: Value, pttl: Value, what: &str) -> Result<Option<Stored>, Error> {
    let ttl = match pttl {
        Value::Int(p) => Ttl::from_pttl(p),
        other => return Err(unexpected(what, &other)),
    };
    Ok(match (as_bytes(value), ttl) {
        (Some(bytes), Some(ttl)) => Some(Stored { bytes, ttl }),
        // Expired between the two commands (only when they were not sent as one).
        (Some(bytes), None) => Some(Stored {
            bytes,
            ttl: Ttl::Millis(1),
        }),
        _ => None,
    })
}

/// Lower-case hex, as Redis's `redis.sha1hex` and `EVALSHA` spell SHA-1s.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn as_bytes(value: Value) -> Option<Vec<u8>> {
    match value {
        Value::BulkString(b) => Some(b),
        Value::SimpleString(s) => Some(s.into_bytes()),
        Value::VerbatimString { text, .. } => Some(text.into_bytes()),
        _ => None,
    }
}

impl Store for RedisStore {
    fn key_types(&mut self, node: usize, keys: &[Key]) -> Result<Vec<crate::KeyType>, Error> {
        self.types_of(node, keys)
    }

    fn fetch_hashes(
        &mut self,
        node: usize,
        keys: &[Key],
    ) -> Result<Vec<Option<crate::StoredHash>>, Error> {
        self.hashes(node, keys)
    }

    fn describe(&self) -> String {
        let kind = if self.cluster.is_some() {
            "cluster"
        } else {
            "redis"
        };
        let urls: Vec<String> = self.urls.iter().map(|u| redacted(u)).collect();
        format!("{kind} {}", urls.join(","))
    }

    fn nodes(&self) -> Vec<String> {
        self.urls.iter().map(|u| redacted(u)).collect()
    }

    fn key_count(&mut self) -> Result<u64, Error> {
        let mut total = 0u64;
        for (conn, url) in self.conns.iter_mut().zip(&self.urls) {
            let n: u64 = redis::cmd("DBSIZE")
                .query(conn)
                .map_err(redis_err(format!("{}: DBSIZE", redacted(url))))?;
            total += n;
        }
        Ok(total)
    }

    fn position(&self) -> Position {
        self.position.clone()
    }

    fn seek(&mut self, mut position: Position) -> Result<(), Error> {
        if position.node > self.conns.len() {
            return Err(Error::Unsupported(format!(
                "checkpoint names node {} of {}: the store's shape changed",
                position.node,
                self.conns.len()
            )));
        }
        if position.node < self.conns.len() && !position.epoch.is_empty() {
            let now = self.run_id(position.node)?;
            if now != position.epoch {
                position.cursor = 0;
                position.epoch = now;
            }
        }
        self.position = position;
        Ok(())
    }

    fn set_match_prefix(&mut self, prefix: &[u8]) {
        self.pattern = (!prefix.is_empty()).then(|| prefix_pattern(prefix));
    }

    fn next_batch(&mut self, count: usize) -> Result<Option<Batch>, Error> {
        loop {
            let node = self.position.node;
            if self.position.done || node >= self.conns.len() {
                self.position.done = true;
                return Ok(None);
            }
            let mut cmd = redis::cmd("SCAN");
            cmd.arg(self.position.cursor);
            if let Some(pattern) = &self.pattern {
                cmd.arg("MATCH").arg(pattern.as_slice());
            }
            cmd.arg("COUNT").arg(count.max(1));
            if self.scan_type {
                cmd.arg("TYPE").arg(self.scan_kind.name());
            }
            let reply: Result<(u64, Vec<Vec<u8>>), _> = cmd.query(&mut self.conns[node]);
            let (cursor, keys) = match reply {
                Ok(r) => r,
                Err(e)
                    if self.scan_type
                        && e.kind()
                            == redis::ErrorKind::Server(redis::ServerErrorKind::ResponseError) =>
                {
                    // Before Redis 6.0: no TYPE filter; non-string keys then fail their GET.
                    self.scan_type = false;
                    continue;
                }
                Err(e) => {
                    return Err(redis_err(format!("{}: SCAN", redacted(&self.urls[node])))(
                        e,
                    ))
                }
            };
            if cursor == 0 {
                let next = node + 1;
                let epoch = if next < self.conns.len() {
                    self.run_id(next)?
                } else {
                    String::new()
                };
                self.position = Position {
                    node: next,
                    cursor: 0,
                    done: next >= self.conns.len(),
                    epoch,
                };
            } else {
                if self.position.epoch.is_empty() {
                    self.position.epoch = self.run_id(node)?;
                }
                self.position.cursor = cursor;
            }
            return Ok(Some(Batch { node, keys }));
        }
    }

    fn fetch(&mut self, node: usize, keys: &[Key]) -> Result<Vec<Option<Stored>>, Error> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        if self.transactions {
            // A refused `MULTI` does nothing but let the reads after it run bare.
            let read = txn::read_commands(keys);
            match self.scripted(node, read, "MULTI/MGET/PTTL/EXEC")? {
                Some(replies) => return txn::read_replies(replies, keys.len()),
                None => self.transactions = false,
            }
        }
        if self.read_script {
            match self.scripted(node, batch::read_commands(keys), "read script")? {
                Some(replies) => return batch::read_replies(replies, keys.len()),
                None => self.read_script = false,
            }
        }
        if self.cluster.is_some() {
            let (conn, context) = self.primary(node, "GET/PTTL")?;
            let read = cluster::read(conn, keys, &context)?;
            return crate::decide_rest(read, keys, |rest| {
                stored_values(self.routed(get_commands(rest), "GET/PTTL")?, "PTTL")
            });
        }
        self.get_each(node, keys)
    }

    fn fetch_watched(&mut self, node: usize, keys: &[Key]) -> Result<Option<Watched>, Error> {
        if !(self.watching && self.batch_writes) || keys.is_empty() {
            return Ok(None);
        }
        let url = self
            .urls
            .get(node)
            .ok_or_else(|| Error::Unsupported(format!("no node {node}")))?;
        let read = watch::read(&self.pool, node, url, &self.certs, keys)?;
        self.watching = read.is_some();
        Ok(read)
    }

    fn holds_hashes(&self) -> bool {
        true
    }

    fn set_scan_kind(&mut self, kind: ValueKind) {
        self.scan_kind = kind;
    }

    fn compare_and_set(&mut self, node: usize, writes: &[Write]) -> Result<Vec<bool>, Error> {
        if writes.is_empty() {
            return Ok(Vec::new());
        }
        if !(self.batch_writes && writes.iter().all(|w| w.kind == ValueKind::String)) {
            return self.cas_each(node, writes);
        }
        if self.cluster.is_none() {
            match self.scripted(node, batch::cas_commands(writes), "compare-and-set")? {
                Some(replies) => return batch::cas_replies(replies, writes.len()),
                None => self.batch_writes = false,
            }
        } else {
            let (conn, context) = self.primary(node, "compare-and-set")?;
            match cluster::write(conn, writes, &context)? {
                Some(done) => {
                    return crate::decide_rest(done, writes, |rest| {
                        let cmds = rest.iter().map(cas_command).collect::<Result<_, _>>()?;
                        cas_outcomes(self.routed(cmds, "compare-and-set")?)
                    })
                }
                None => self.batch_writes = false,
            }
        }
        self.cas_each(node, writes)
    }

    fn writer(&self) -> Result<Option<Box<dyn Store + Send>>, Error> {
        let conns = self
            .urls
            .iter()
            .map(|url| connect(&self.certs.client(url)?, url))
            .collect::<Result<_, _>>()?;
        // A Cluster's writer routes its writes through a cluster connection of its own.
        let cluster = match &self.cluster {
            Some(c) => Some(cluster::Cluster {
                conn: self
                    .certs
                    .cluster(&self.urls)?
                    .get_connection()
                    .map_err(redis_err("cluster: the writer's connection"))?,
                slots: c.slots.clone(),
            }),
            None => None,
        };
        Ok(Some(Box::new(RedisStore {
            urls: self.urls.clone(),
            conns,
            cluster,
            db: self.db,
            position: Position::default(),
            pattern: None,
            scan_type: self.scan_type,
            scan_kind: self.scan_kind,
            certs: self.certs.clone(),
            batch_writes: self.batch_writes,
            read_script: self.read_script,
            transactions: self.transactions,
            pool: Arc::clone(&self.pool),
            watching: self.watching,
        })))
    }

    fn restore(&mut self, node: usize, items: &[Restore]) -> Result<Vec<RestoreOutcome>, Error> {
        if items.iter().any(|i| i.kind == ValueKind::Hash) {
            return self.restore_hashes(node, items);
        }
        let cmds = items
            .iter()
            .map(|item| {
                let mut cmd = redis::cmd("EVAL");
                cmd.arg(RESTORE_SCRIPT).arg(1).arg(item.key.as_slice());
                match &item.previous {
                    Some(p) => cmd.arg("1").arg(p.as_slice()),
                    None => cmd.arg("0").arg(""),
                };
                cmd.arg(hex(&item.written_sha1));
                cmd
            })
            .collect();
        self.pipeline(node, cmds, "restore")?
            .into_iter()
            .map(|v| match v {
                Value::Int(3) => Ok(RestoreOutcome::Restored),
                Value::Int(2) => Ok(RestoreOutcome::ChangedSince),
                Value::Int(1) => Ok(RestoreOutcome::AlreadyPrevious),
                Value::Int(0) => Ok(RestoreOutcome::Gone),
                other => Err(unexpected("restore", &other)),
            })
            .collect()
    }

    fn lock(&mut self, node: usize, lock_keys: &[Key], ttl_ms: u64) -> Result<Vec<bool>, Error> {
        let cmds = lock_keys
            .iter()
            .map(|k| {
                redis::cmd("SET")
                    .arg(k.as_slice())
                    .arg("locked")
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl_ms)
                    .clone()
            })
            .collect();
        Ok(self
            .pipeline(node, cmds, "lock")?
            .into_iter()
            .map(|v| !matches!(v, Value::Nil))
            .collect())
    }

    fn unlock(&mut self, node: usize, lock_keys: &[Key]) -> Result<(), Error> {
        let cmds = lock_keys
            .iter()
            .map(|k| redis::cmd("DEL").arg(k.as_slice()).clone())
            .collect();
        self.pipeline(node, cmds, "unlock").map(|_| ())
    }

    fn watch(&mut self, prefix: &[u8]) -> Result<Option<Receiver<(usize, Key)>>, Error> {
        let (sender, receiver) = channel();
        let mut watching = 0;
        for (node, url) in self.urls.iter().enumerate() {
            if !enable_notifications(&mut self.conns[node]) {
                continue;
            }
            let mut conn = connect(&self.certs.client(url)?, url)?;
            let channel_prefix = format!("__keyspace@{}__:", self.db).into_bytes();
            let pattern = [channel_prefix.as_slice(), &prefix_pattern(prefix)].concat();
            let sender = sender.clone();
            // Dropping a PubSub ends its subscriptions, so it lives in the thread; the thread
            // says whether subscribing worked before it starts listening.
            let (ready_tx, ready_rx) = channel();
            let what = format!("{}: PSUBSCRIBE", redacted(url));
            std::thread::spawn(move || {
                let mut pubsub = conn.as_pubsub();
                let subscribed = pubsub.psubscribe(pattern.as_slice());
                let ok = subscribed.is_ok();
                let _ = ready_tx.send(subscribed);
                if !ok {
                    return;
                }
                while let Ok(message) = pubsub.get_message() {
                    let channel: Vec<u8> = message.get_channel().unwrap_or_default();
                    if let Some(key) = channel.strip_prefix(channel_prefix.as_slice()) {
                        if sender.send((node, key.to_vec())).is_err() {
                            return;
                        }
                    }
                }
            });
            match ready_rx.recv() {
                Ok(Ok(())) => watching += 1,
                Ok(Err(e)) => return Err(redis_err(what)(e)),
                Err(_) => return Err(Error::Unsupported(format!("{what}: listener ended"))),
            }
        }
        Ok((watching > 0).then_some(receiver))
    }

    fn routes_keys(&self) -> bool {
        self.cluster.is_some() || self.urls.len() == 1
    }

    fn node_of(&mut self, key: &[u8]) -> usize {
        // A Cluster's primary by the slot map; shards cannot tell (that is the proxy's hash).
        self.cluster
            .as_ref()
            .and_then(|c| c.slots.node_of(key))
            .unwrap_or(0)
    }
}

/// Makes the server publish keyspace events for string and hash writes, keeping what it already
/// publishes; `false` when they are off and `CONFIG SET` is not allowed.
fn enable_notifications(conn: &mut Connection) -> bool {
    let current: Result<Vec<String>, _> = redis::cmd("CONFIG")
        .arg("GET")
        .arg("notify-keyspace-events")
        .query(conn);
    let flags = current
        .ok()
        .and_then(|v| v.get(1).cloned())
        .unwrap_or_default();
    let has = |c: char| flags.contains(c);
    // Strings for msm's sessions, hashes for Spring Session's and Redisson's.
    if has('K') && ((has('$') && has('h')) || has('A')) {
        return true;
    }
    let mut wanted = flags.clone();
    for c in ['K', '$', 'h'] {
        if !has(c) {
            wanted.push(c);
        }
    }
    redis::cmd("CONFIG")
        .arg("SET")
        .arg("notify-keyspace-events")
        .arg(wanted)
        .query::<()>(conn)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_swapped_keeping_credentials() {
        assert_eq!(
            with_address("redis://u:p@seed:7000/0", "10.0.0.2", 7001),
            "redis://u:p@10.0.0.2:7001/0"
        );
        assert_eq!(
            with_address("rediss://seed:7000", "", 7002),
            "rediss://seed:7002"
        );
        assert_eq!(redacted("redis://u:secret@h:1/0"), "redis://***@h:1/0");
    }
}
