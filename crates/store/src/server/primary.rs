//! A Cluster primary's own connection: the keys of a batch scanned from it are read and
//! written there, where a cluster pipeline would route every command by its key's slot (and a
//! compare-and-set would be one script call per key). What the primary refuses (a key whose
//! slot moved since the scan: resharding, a failover) is answered `None`, for the caller to
//! send through the cluster connection, which follows the redirection.

use redis::{Cmd, Connection, ConnectionLike, Value};

use super::batch::{undeclared_cas_commands, KEYS_PER_CALL};
use super::{stored, unexpected};
use crate::error::redis as redis_err;
use crate::{Error, Key, Stored, Write};

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
    let mut cmds = Vec::with_capacity(keys.len() * 2);
    for key in keys {
        cmds.push(redis::cmd("GET").arg(key.as_slice()).clone());
        cmds.push(redis::cmd("PTTL").arg(key.as_slice()).clone());
    }
    let mut replies = round_trip(conn, cmds, context)?.into_iter();
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
