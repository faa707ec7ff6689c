//! Values read through Redis transactions (`MULTI`/`EXEC`), on one server: what
//! [`READ_SCRIPT`](super::READ_SCRIPT) does for about half the server's time. Each
//! `redis.call` inside a script pays for a command's dispatch and for turning its reply into Lua
//! values; on Redis 7.0, with 600–900 byte values, the server spends about 1.4 µs per key
//! reading this way against 2.9 µs through the script.
//!
//! A read is `MULTI`, `MGET` of [`KEYS_PER_CALL`] keys, their `PTTL`s, `EXEC`: values and
//! times to live are taken at one moment, as in the script, and `MGET` answers nil for a key of
//! another type, as the script does. A server that refuses `MULTI` (an ACL without
//! `@transaction`, a proxy) has only run reads, and is read through the script from then on.
//!
//! Writes stay with the compare-and-set script. A transaction could make them too (`WATCH` and
//! `MGET` a chunk of keys, then `MULTI`, the `SET`s of the keys that hold what was read, `EXEC`),
//! but inside a migration that saved the server no time (`WATCH` cost 1.4 µs per key), and it
//! needs a round trip per chunk where the script needs one per batch: beside an application's
//! traffic each round trip waits its turn, and migration beside one ran a quarter slower.

use redis::{Cmd, Value};

use super::batch::KEYS_PER_CALL;
use super::{stored, unexpected};
use crate::{Error, Key, Stored};

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
            out.push(stored(value, pttl, "EXEC: PTTL")?);
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
