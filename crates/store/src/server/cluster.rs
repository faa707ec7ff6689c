//! A Cluster: its primaries and which of them serves each hash slot (`CLUSTER SLOTS`, when
//! the store is opened), and the commands jsess sends on the primaries' own connections.
//!
//! The keys of a batch scanned from a primary are read and written on that primary's
//! connection, where the client's cluster connection would route every command by its key's
//! slot (and a compare-and-set would be one script call per key); other pipelines go to each
//! key's primary by the slot map. What a primary sends elsewhere (`MOVED`, `ASK`: a slot that
//! moved or is moving since) goes through the cluster connection one command at a time, which
//! follows the redirection: the client's cluster pipelines do not, a redirected command's
//! reply coming back from them as an error.

use redis::cluster::ClusterConnection;
use redis::{Arg, Cmd, Connection, ConnectionLike, Value};

use super::batch::{undeclared_cas_commands, KEYS_PER_CALL};
use super::{
    connect, get_commands, has_set_get, redacted, stored, unexpected, with_address, RedisStore,
};
use crate::connect::Certs;
use crate::error::redis as redis_err;
use crate::{Error, Key, Stored, Write};

/// The store of the Cluster `seed` belongs to: its primaries, each with a connection of its
/// own, and a cluster connection seeded with `seeds`.
pub(super) fn open(
    seeds: &[String],
    mut seed: Connection,
    certs: Certs,
) -> Result<RedisStore, Error> {
    let cluster = certs
        .cluster(seeds)?
        .get_connection()
        .map_err(redis_err(format!("cluster {}", redacted(&seeds[0]))))?;
    let (primaries, slot_map) = primaries(&mut seed)?;
    let mut urls = Vec::new();
    let mut conns = Vec::new();
    // Batches go many writes per script call on the primaries when all of them have
    // `SET … KEEPTTL GET`, as on one server.
    let mut batch_writes = true;
    for (host, port) in primaries {
        let url = with_address(&seeds[0], &host, port);
        let mut conn = connect(&certs.client(&url)?, &url)?;
        batch_writes &= has_set_get(&mut conn, &url)?;
        conns.push(conn);
        urls.push(url);
    }
    Ok(RedisStore::new(
        urls,
        conns,
        Some(Cluster {
            conn: cluster,
            slots: slot_map,
        }),
        0,
        certs,
        batch_writes,
    ))
}

/// What a store of a Cluster holds beside its primaries' connections: a connection of the
/// client's own, which follows redirections, and the slot map it was opened with.
pub(super) struct Cluster {
    pub(super) conn: ClusterConnection,
    pub(super) slots: Slots,
}

/// The primaries, as `(host, port)`, sorted, and which of them serves each slot.
pub(super) fn primaries(seed: &mut Connection) -> Result<(Vec<(String, u16)>, Slots), Error> {
    let slots: Value = redis::cmd("CLUSTER")
        .arg("SLOTS")
        .query(seed)
        .map_err(redis_err("CLUSTER SLOTS"))?;
    let Value::Array(ranges) = slots else {
        return Err(unexpected("CLUSTER SLOTS", &slots));
    };
    let mut served: Vec<(u16, u16, (String, u16))> = Vec::new();
    for range in &ranges {
        let bad = || unexpected("CLUSTER SLOTS", range);
        let Value::Array(parts) = range else {
            return Err(bad());
        };
        let slot = |i: usize| match parts.get(i) {
            Some(Value::Int(n)) => u16::try_from(*n).ok().filter(|&s| s < crate::slots::SLOTS),
            _ => None,
        };
        let (Some(start), Some(end), Some(Value::Array(primary))) =
            (slot(0), slot(1), parts.get(2))
        else {
            return Err(bad());
        };
        let host = match primary.first() {
            Some(Value::BulkString(h)) => String::from_utf8_lossy(h).into_owned(),
            _ => String::new(),
        };
        let Some(port) = (match primary.get(1) {
            Some(Value::Int(p)) => u16::try_from(*p).ok(),
            _ => None,
        }) else {
            return Err(bad());
        };
        served.push((start, end, (host, port)));
    }
    let mut primaries: Vec<(String, u16)> = served.iter().map(|(_, _, p)| p.clone()).collect();
    primaries.sort();
    primaries.dedup();
    let mut owners = vec![Slots::NONE; usize::from(crate::slots::SLOTS)];
    for (start, end, primary) in &served {
        let index = primaries.binary_search(primary).unwrap_or_default() as u16;
        for owner in owners
            .iter_mut()
            .take(usize::from(*end) + 1)
            .skip(usize::from(*start))
        {
            *owner = index;
        }
    }
    Ok((primaries, Slots { owners }))
}

/// Which primary (its index in the sorted list) serves each hash slot, as the Cluster said
/// when the store was opened. A slot that moved since is found by the redirection.
#[derive(Clone)]
pub(super) struct Slots {
    owners: Vec<u16>,
}

impl Slots {
    /// A slot no primary served.
    const NONE: u16 = u16::MAX;

    /// The primary serving `key`'s slot.
    pub(super) fn node_of(&self, key: &[u8]) -> Option<usize> {
        let owner = *self.owners.get(usize::from(crate::slot(key)))?;
        (owner != Self::NONE).then_some(usize::from(owner))
    }
}

/// The key of one of jsess's commands: after `EVAL`'s or `EVALSHA`'s script and key count
/// (when it declares one), else its first argument.
fn key_of(cmd: &Cmd) -> Option<&[u8]> {
    let mut args = cmd.args_iter().map(|a| match a {
        Arg::Simple(bytes) => bytes,
        _ => &[][..],
    });
    let name = args.next()?;
    if name.eq_ignore_ascii_case(b"EVAL") || name.eq_ignore_ascii_case(b"EVALSHA") {
        let _script = args.next()?;
        let declared = args.next()?;
        return (declared != b"0").then(|| args.next()).flatten();
    }
    args.next()
}

/// `cmds` as one pipeline per primary, each to the primary of its key's slot (`default` for
/// one without a key), all sent before any reply is read; a reply that redirects is replaced
/// by that command's reply through `cluster`. The replies in the order of `cmds`, a server's
/// error in its place.
pub(super) fn pipeline(
    conns: &mut [Connection],
    slots: &Slots,
    default: usize,
    cmds: &[Cmd],
    cluster: &mut ClusterConnection,
    context: &str,
) -> Result<Vec<Value>, Error> {
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); conns.len()];
    for (i, cmd) in cmds.iter().enumerate() {
        let node = key_of(cmd)
            .and_then(|k| slots.node_of(k))
            .filter(|&n| n < conns.len())
            .unwrap_or(default);
        groups
            .get_mut(node)
            .ok_or_else(|| Error::Unsupported(format!("no node {node}")))?
            .push(i);
    }
    let failed = |e| redis_err(context.to_string())(e);
    let mut bytes = Vec::new();
    for (conn, group) in conns.iter_mut().zip(&groups) {
        if group.is_empty() {
            continue;
        }
        bytes.clear();
        for &i in group {
            cmds[i].write_packed_command(&mut bytes);
        }
        conn.send_packed_command(&bytes).map_err(failed)?;
    }
    let mut replies = vec![Value::Nil; cmds.len()];
    for (conn, group) in conns.iter_mut().zip(&groups) {
        for &i in group {
            replies[i] = conn.recv_response().map_err(failed)?;
        }
    }
    for (reply, cmd) in replies.iter_mut().zip(cmds) {
        if redirected(reply) {
            *reply = routed(cluster, cmd, context)?;
        }
    }
    Ok(replies)
}

/// `cmd` through the cluster connection, which follows `MOVED` and `ASK` for one command.
pub(super) fn routed(
    cluster: &mut ClusterConnection,
    cmd: &Cmd,
    context: &str,
) -> Result<Value, Error> {
    cmd.query::<Value>(cluster)
        .map_err(redis_err(context.to_string()))
}

/// Server errors that send a key elsewhere, or ask to try again later.
fn redirected(reply: &Value) -> bool {
    matches!(reply, Value::ServerError(e)
        if matches!(e.code(), "MOVED" | "ASK" | "TRYAGAIN" | "CLUSTERDOWN"))
}

/// `cmds` in one round trip on `conn`, each reply as it came (a server error in its place).
fn round_trip(conn: &mut Connection, cmds: Vec<Cmd>, context: &str) -> Result<Vec<Value>, Error> {
    let count = cmds.len();
    let mut pipe = redis::pipe();
    for cmd in cmds {
        pipe.add_command(cmd);
    }
    let replies = conn
        .req_packed_commands(&pipe.get_packed_pipeline(), 0, count)
        .map_err(redis_err(context.to_string()))?;
    if replies.len() != count {
        return Err(Error::Unsupported(format!("{context}: a reply missing")));
    }
    Ok(replies)
}

/// `GET` and `PTTL` of each key: its value (`Some(None)` when missing or not a string), or
/// `None` where the primary sent the key elsewhere.
pub(super) fn read(
    conn: &mut Connection,
    keys: &[Key],
    context: &str,
) -> Result<Vec<Option<Option<Stored>>>, Error> {
    let mut replies = round_trip(conn, get_commands(keys), context)?.into_iter();
    let mut out = Vec::with_capacity(keys.len());
    while let (Some(value), Some(pttl)) = (replies.next(), replies.next()) {
        if redirected(&value) || redirected(&pttl) {
            out.push(None);
            continue;
        }
        let value = match value {
            // Another type: no string value, as `MGET` answers.
            Value::ServerError(e) if e.code() == "WRONGTYPE" => Value::Nil,
            Value::ServerError(_) => return Err(unexpected(context, &value)),
            value => value,
        };
        out.push(Some(stored(value, pttl, context)?));
    }
    Ok(out)
}

/// Compare-and-sets of string keys by [`CAS_BATCH_SCRIPT`](super::CAS_BATCH_SCRIPT) with
/// undeclared keys, a hundred per call. Per write: `Some(true)` written, `Some(false)` the key
/// held something else, `None` left to the cluster connection (the primary refused the key,
/// for a moved slot or another reason, which the single-key script then reports). `None` for
/// the batch when the primary does not run the script on this connection (`SCRIPT LOAD`
/// refused).
pub(super) fn write(
    conn: &mut Connection,
    writes: &[Write],
    context: &str,
) -> Result<Option<Vec<Option<bool>>>, Error> {
    let mut replies = round_trip(conn, undeclared_cas_commands(writes), context)?.into_iter();
    if let Some(Value::ServerError(_)) = replies.next() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(writes.len());
    for (reply, chunk) in replies.zip(writes.chunks(KEYS_PER_CALL)) {
        match reply {
            Value::Array(items) if items.len() == chunk.len() => {
                for item in items {
                    out.push(match item {
                        Value::Int(1) => Some(true),
                        Value::Int(0) => Some(false),
                        Value::Int(-1) => None,
                        other => return Err(unexpected("compare-and-set script", &other)),
                    });
                }
            }
            // The script cache was emptied between the load and this call.
            Value::ServerError(e) if e.code() == "NOSCRIPT" => {
                out.extend(chunk.iter().map(|_| None));
            }
            other => return Err(unexpected(context, &other)),
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_routes_by_its_key() {
        let get = redis::cmd("GET").arg("k").clone();
        assert_eq!(key_of(&get), Some(&b"k"[..]));
        let eval = redis::cmd("EVAL")
            .arg("return 1")
            .arg(2)
            .arg("k1")
            .arg("k2")
            .arg("a")
            .clone();
        assert_eq!(key_of(&eval), Some(&b"k1"[..]));
        let evalsha = redis::cmd("evalsha").arg("0123").arg(1).arg("k").clone();
        assert_eq!(key_of(&evalsha), Some(&b"k"[..]));
        // Keys given as arguments: no key to route by.
        let undeclared = redis::cmd("EVALSHA")
            .arg("0123")
            .arg(0)
            .arg("k")
            .arg("eq")
            .clone();
        assert_eq!(key_of(&undeclared), None);
        assert_eq!(key_of(&redis::cmd("PING")), None);
    }
}
