//! Hash-valued keys: the layouts of Spring Session and Redisson keep one hash per session.

use redis::{Cmd, Value};

use super::{as_bytes, unexpected, RedisStore};
use crate::{
    hash_fields, hash_image, Error, Expected, HashFields, KeyType, Restore, RestoreOutcome,
    StoredHash, Ttl, ValueKind, Write, WriteTtl,
};

/// Compare-and-set of a hash: `KEYS[1]` becomes the hash of the new fields only if it holds
/// exactly the expected fields (`ARGV[1]` = `eq`: `HLEN` is `ARGV[2]` and each expected field
/// has its value) or nothing (`absent`). `ARGV[3]` is the time to live as in
/// [`CAS_SCRIPT`](crate::CAS_SCRIPT); then come `2 × ARGV[2]` expected names and values, then
/// the new ones (none: the key is deleted). Returns 1 when written, 0 otherwise. Fields are
/// compared one by one rather than by a digest of the whole hash, because Lua's string order
/// follows the server's locale and a digest needs a fixed order.
pub const HASH_CAS_SCRIPT: &str = r#"
local key, n = KEYS[1], tonumber(ARGV[2])
if ARGV[1] == 'absent' then
  if redis.call('EXISTS', key) == 1 then return 0 end
else
  if redis.call('TYPE', key).ok ~= 'hash' then return 0 end
  if redis.call('HLEN', key) ~= n then return 0 end
  for i = 0, n - 1 do
    if redis.call('HGET', key, ARGV[4 + 2 * i]) ~= ARGV[5 + 2 * i] then return 0 end
  end
end
local px = ARGV[3]
if px == 'keep' then
  px = redis.call('PTTL', key)
else
  px = tonumber(px) or -1
end
redis.call('DEL', key)
local first = 4 + 2 * n
if #ARGV < first then return 1 end
for i = first, #ARGV - 1, 2 do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
end
if px > 0 then redis.call('PEXPIRE', key, px) end
return 1
"#;

/// The script call for one hash write (`expected` and `value` are hash images). An image that
/// does not read (a damaged backup record) is an error: it must not become an empty hash, which
/// the script would write as a deletion.
pub(super) fn cas_command(w: &Write) -> Result<Cmd, Error> {
    let expected = match &w.expected {
        Expected::Absent => None,
        Expected::Bytes(image) => Some(hash_fields(image)?),
    };
    let new = hash_fields(&w.value)?;
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(HASH_CAS_SCRIPT).arg(1).arg(w.key.as_slice());
    match &expected {
        None => cmd.arg("absent").arg(0),
        Some(fields) => cmd.arg("eq").arg(fields.len()),
    };
    match w.ttl {
        WriteTtl::KeepCurrent => cmd.arg("keep"),
        WriteTtl::Set(ttl) => cmd.arg(ttl.as_pttl()),
    };
    for (name, value) in expected.iter().flatten().chain(new.iter()) {
        cmd.arg(name.as_slice()).arg(value.as_slice());
    }
    Ok(cmd)
}

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

impl RedisStore {
    /// Rollback of hash keys (strings among them go through [`RESTORE_SCRIPT`]): each hash is
    /// read, recognised by the SHA-1 of its image, and put back with a compare-and-set on
    /// what was read, so a write in between keeps the application's value.
    ///
    /// [`RESTORE_SCRIPT`]: crate::RESTORE_SCRIPT
    pub(crate) fn restore_hashes(
        &mut self,
        node: usize,
        items: &[Restore],
    ) -> Result<Vec<RestoreOutcome>, Error> {
        let (hashes, strings): (Vec<usize>, Vec<usize>) =
            (0..items.len()).partition(|&i| items[i].kind == ValueKind::Hash);
        let mut outcomes = vec![RestoreOutcome::Gone; items.len()];
        let string_items: Vec<Restore> = strings.iter().map(|&i| items[i].clone()).collect();
        if !string_items.is_empty() {
            let done = crate::Store::restore(self, node, &string_items)?;
            for (&i, outcome) in strings.iter().zip(done) {
                outcomes[i] = outcome;
            }
        }
        let keys: Vec<Vec<u8>> = hashes.iter().map(|&i| items[i].key.clone()).collect();
        let current = self.hashes(node, &keys)?;
        let mut writes = Vec::new();
        let mut written = Vec::new();
        for (&i, current) in hashes.iter().zip(current) {
            let item = &items[i];
            let Some(current) = current else { continue };
            let image = hash_image(&current.fields);
            outcomes[i] = if item.previous.as_deref() == Some(image.as_slice()) {
                RestoreOutcome::AlreadyPrevious
            } else if crate::sha1(&image) != item.written_sha1 {
                RestoreOutcome::ChangedSince
            } else {
                writes.push(Write {
                    key: item.key.clone(),
                    expected: Expected::Bytes(image),
                    value: item.previous.clone().unwrap_or_else(|| hash_image(&[])),
                    ttl: WriteTtl::KeepCurrent,
                    kind: ValueKind::Hash,
                });
                written.push(i);
                RestoreOutcome::Restored
            };
        }
        let done = crate::Store::compare_and_set(self, node, &writes)?;
        for (i, ok) in written.into_iter().zip(done) {
            if !ok {
                outcomes[i] = RestoreOutcome::ChangedSince;
            }
        }
        Ok(outcomes)
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
