//! Values read through Redis transactions (`MULTI`/`EXEC`), on one server: what
//! [`READ_SCRIPT`](super::READ_SCRIPT) does for about half the server's time. Each
//! `redis.call` inside a script pays for a command's dispatch and for turning its reply into Lua
//! values; on Redis 7.0, with 600–900 byte values, the server spends about 1.4 µs per key
//! reading this way against 2.9 µs through the script.
//!
//! A read is `MULTI`, `MGET` of [`KEYS_PER_CALL`] keys, their `PTTL`s, `EXEC`: values and
//! times to live are taken at one moment, as in the script, and `MGET` answers nil for a key of
//! another type, as the script does.
//!
//! Writes stay with the compare-and-set script. A transaction could make them too (`WATCH` and
//! `MGET` a chunk of keys, then `MULTI`, the `SET`s of the keys that hold what was read, `EXEC`),
//! and it halves the server's time per write, but it needs a round trip per chunk where the
//! script needs one per batch: beside an application's traffic each round trip waits its turn,
//! and migration beside one ran a quarter slower that way.

use redis::{Cmd, Value};

use super::batch::KEYS_PER_CALL;
use super::{as_bytes, unexpected, RedisStore};
use crate::{Error, Key, Stored, Ttl};

impl RedisStore {
    /// Whether values are read through transactions: asked of the server once, with an empty
    /// `MULTI`/`EXEC`. A server (or a proxy, or an ACL) that refuses them is read through the
    /// script, or with plain commands.
    pub(super) fn transactions(&mut self, node: usize) -> Result<bool, Error> {
        if let Some(known) = self.transactions {
            return Ok(known);
        }
        let probe = vec![redis::cmd("MULTI"), redis::cmd("EXEC")];
        let runs = match self.send(node, probe)? {
            Ok(_) => true,
            Err(e) if matches!(e.kind(), redis::ErrorKind::Server(_)) => false,
            Err(e) => {
                return Err(crate::error::redis(self.context(node, "MULTI/EXEC"))(e));
            }
        };
        self.transactions = Some(runs);
        Ok(runs)
    }
}

/// The pipeline that reads `keys`: one transaction per chunk.
pub(super) fn read_commands(keys: &[Key]) -> Vec<Cmd> {
    let mut cmds = Vec::with_capacity(keys.len() + 3 * keys.len().div_ceil(KEYS_PER_CALL));
    for chunk in keys.chunks(KEYS_PER_CALL) {
        cmds.push(redis::cmd("MULTI"));
        let mut mget = redis::cmd("MGET");
        for key in chunk {
            mget.arg(key.as_slice());
        }
        cmds.push(mget);
        for key in chunk {
            cmds.push(redis::cmd("PTTL").arg(key.as_slice()).clone());
        }
        cmds.push(redis::cmd("EXEC"));
    }
    cmds
}

/// The values [`read_commands`]' replies give, one per key. Only `EXEC` answers with an array;
/// the others answer `OK` or `QUEUED`.
pub(super) fn read_replies(replies: Vec<Value>, keys: usize) -> Result<Vec<Option<Stored>>, Error> {
    let mut out = Vec::with_capacity(keys);
    for reply in replies {
        let items = match reply {
            Value::Array(items) => items,
            Value::Okay | Value::SimpleString(_) => continue,
            other => return Err(unexpected("MULTI/MGET/PTTL/EXEC", &other)),
        };
        let mut items = items.into_iter();
        let Some(Value::Array(values)) = items.next() else {
            return Err(Error::Unsupported("EXEC: no MGET reply".into()));
        };
        for (value, pttl) in values.into_iter().zip(items.by_ref()) {
            let Value::Int(pttl) = pttl else {
                return Err(unexpected("EXEC: PTTL", &pttl));
            };
            // A key expires between the two commands only outside a transaction; a value
            // with no key behind it is read as gone.
            out.push(match (as_bytes(value), Ttl::from_pttl(pttl)) {
                (Some(bytes), Some(ttl)) => Some(Stored { bytes, ttl }),
                _ => None,
            });
        }
        if items.next().is_some() {
            return Err(Error::Unsupported("EXEC: more PTTLs than values".into()));
        }
    }
    if out.len() != keys {
        return Err(Error::Unsupported(format!(
            "MULTI/MGET/PTTL/EXEC: {} values for {keys} keys",
            out.len()
        )));
    }
    Ok(out)
}
