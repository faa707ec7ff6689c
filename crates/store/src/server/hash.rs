//! Hash-valued keys: the layouts of Spring Session and Redisson keep one hash per session.

use redis::{Cmd, Value};

use super::{as_bytes, unexpected, RedisStore};
use crate::{Error, HashFields, KeyType, StoredHash, Ttl};

impl RedisStore {
    /// `TYPE` of each key, from the node that holds them.
    pub(crate) fn types_of(
        &mut self,
        node: usize,
        keys: &[Vec<u8>],
    ) -> Result<Vec<KeyType>, Error> {
        let cmds: Vec<Cmd> = keys
            .iter()
            .map(|k| redis::cmd("TYPE").arg(k.as_slice()).clone())
            .collect();
        self.pipeline(node, cmds, "TYPE")?
            .into_iter()
            .map(|reply| match reply {
                Value::SimpleString(t) => Ok(KeyType::of(&t)),
                Value::BulkString(t) => Ok(KeyType::of(&String::from_utf8_lossy(&t))),
                other => Err(unexpected("TYPE", &other)),
            })
            .collect()
    }

    /// `HGETALL` and `PTTL` of each key, in one round trip.
    pub(crate) fn hashes(
        &mut self,
        node: usize,
        keys: &[Vec<u8>],
    ) -> Result<Vec<Option<StoredHash>>, Error> {
        let mut cmds = Vec::with_capacity(keys.len() * 2);
        for key in keys {
            cmds.push(redis::cmd("HGETALL").arg(key.as_slice()).clone());
            cmds.push(redis::cmd("PTTL").arg(key.as_slice()).clone());
        }
        let replies = self.pipeline(node, cmds, "HGETALL/PTTL")?;
        let mut out = Vec::with_capacity(keys.len());
        let mut replies = replies.into_iter();
        while let (Some(fields), Some(pttl)) = (replies.next(), replies.next()) {
            let fields = pairs(fields)?;
            let ttl = match pttl {
                Value::Int(p) => Ttl::from_pttl(p),
                other => return Err(unexpected("PTTL", &other)),
            };
            out.push(match (fields.is_empty(), ttl) {
                // HGETALL of a missing key is an empty reply.
                (true, _) => None,
                (false, ttl) => Some(StoredHash {
                    fields,
                    ttl: ttl.unwrap_or(Ttl::Millis(1)),
                }),
            });
        }
        Ok(out)
    }
}

/// `HGETALL`'s reply: a flat array (RESP2) or a map (RESP3).
fn pairs(reply: Value) -> Result<HashFields, Error> {
    match reply {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len() / 2);
            let mut items = items.into_iter();
            while let (Some(name), Some(value)) = (items.next(), items.next()) {
                match (as_bytes(name), as_bytes(value)) {
                    (Some(n), Some(v)) => out.push((n, v)),
                    _ => {
                        return Err(Error::Reply {
                            context: "HGETALL".into(),
                            reply: "a field or value that is not a string".into(),
                        })
                    }
                }
            }
            Ok(out)
        }
        Value::Map(entries) => entries
            .into_iter()
            .map(|(n, v)| match (as_bytes(n), as_bytes(v)) {
                (Some(n), Some(v)) => Ok((n, v)),
                _ => Err(Error::Reply {
                    context: "HGETALL".into(),
                    reply: "a field or value that is not a string".into(),
                }),
            })
            .collect(),
        Value::Nil => Ok(Vec::new()),
        other => Err(unexpected("HGETALL", &other)),
    }
}
