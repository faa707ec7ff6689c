//! Many keys per script call, on one server (a standalone server, a shard, a Sentinel's
//! primary), or on a Cluster's primary with the keys given as arguments (declared keys must
//! share a hash slot there).
//!
//! Each round trip is one pipeline: `SCRIPT LOAD` (so `EVALSHA` cannot meet an empty script
//! cache, after a restart or `SCRIPT FLUSH`), then one `EVALSHA` per chunk of
//! [`KEYS_PER_CALL`] keys. A chunk runs atomically on the server, so chunks stay small enough
//! not to hold up the application's commands for long.

use std::sync::OnceLock;

use redis::{Cmd, Value};

use super::{cas_arguments, hex, stored_values, unexpected};
use crate::{Error, Key, Stored, Write};

/// Keys handled by one script call.
pub(super) const KEYS_PER_CALL: usize = 100;

/// Reads `KEYS`: for each, its value (`false`, a nil reply, when it is missing or not a
/// string) and its `PTTL`, both taken at the same moment.
pub const READ_SCRIPT: &str = r#"
local out = {}
for i = 1, #KEYS do
  local v = redis.pcall('GET', KEYS[i])
  if type(v) ~= 'string' then v = false end
  out[2 * i - 1] = v
  out[2 * i] = redis.call('PTTL', KEYS[i])
end
return out
"#;

/// [`CAS_SCRIPT`](super::CAS_SCRIPT) for each of `KEYS`: `KEYS[i]`'s arguments are
/// `ARGV[4i-3]` (`eq` or `absent`), `ARGV[4i-2]` (the expected bytes), `ARGV[4i-1]` (the new
/// value) and `ARGV[4i]` (the time to live: `keep` keeps what the key has left). Returns one 1
/// (written) or 0 (the key held something else) per key. A key holding another type is
/// "something else", so one odd key cannot stop the others; any other error stops the call.
///
/// With `keep`, one `SET … KEEPTTL GET` (Redis 6.2) writes the key and returns what it held,
/// and the rare key that held something else gets that back (`SET … KEEPTTL`, so with the
/// time to live it had) or is deleted again, inside the same atomic call: no client can see
/// the new value. That is one `redis.call` per key where `GET` then `SET` were two, and each
/// call costs the server more than the command it runs (arguments and reply converted to and
/// from Lua, where every string is hashed byte by byte). On a conflict the key's keyspace
/// notifications show the two writes. Putting a value back cannot be refused halfway: Redis
/// refuses a script's write for `maxmemory` only while the script has written nothing, so an
/// `OOM` can only come from the call's first write, before anything changed.
///
/// With no `KEYS`, each key comes in `ARGV` before its four arguments (`ARGV[5i-4]` …
/// `ARGV[5i]`): how a Cluster's primary is given a batch, whose keys lie in many hash slots
/// (declared keys must share one; a script that declares none may touch any key its node
/// holds). A key the node refuses at its first command (another node's, or any error but
/// `WRONGTYPE`) answers -1, nothing of it written, and the call goes on.
pub const CAS_BATCH_SCRIPT: &str = r#"
local out = {}
local undeclared = #KEYS == 0
for i = 1, undeclared and #ARGV / 5 or #KEYS do
  local key, a
  if undeclared then
    a = 5 * i - 4
    key = ARGV[a]
  else
    a = 4 * i - 4
    key = KEYS[i]
  end
  local mode, new, px = ARGV[a + 1], ARGV[a + 3], ARGV[a + 4]
  local current
  if px == 'keep' then
    current = redis.pcall('SET', key, new, 'KEEPTTL', 'GET')
  else
    current = redis.pcall('GET', key)
  end
  local ok
  if type(current) == 'table' then
    if string.find(current.err or '', 'WRONGTYPE', 1, true) then
      ok = false
    elseif not undeclared then
      return current
    end
  elseif mode == 'absent' then
    ok = not current
  else
    ok = current == ARGV[a + 2]
  end
  if ok == nil then
    -- Refused before anything was written (not this node's key, say): left to the caller.
    out[i] = -1
  else
    if px == 'keep' then
      -- Written already: a key that held something else gets it back (a key of another
      -- type was not written at all).
      if not ok and current == false then
        redis.call('DEL', key)
      elseif not ok and type(current) == 'string' then
        redis.call('SET', key, current, 'KEEPTTL')
      end
    elseif ok then
      px = tonumber(px) or -1
      if px > 0 then
        redis.call('SET', key, new, 'PX', px)
      else
        redis.call('SET', key, new)
      end
    end
    out[i] = ok and 1 or 0
  end
end
return out
"#;

/// Whether a server's `INFO server` names a version with `SET … KEEPTTL GET` (6.2 and later).
pub(super) fn has_set_get(info: &str) -> bool {
    let version = info.lines().find_map(|l| l.strip_prefix("redis_version:"));
    let mut parts = version.unwrap_or("").trim().split('.');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    match (next(), next()) {
        (Some(major), Some(minor)) => (major, minor) >= (6, 2),
        _ => false,
    }
}

/// The SHA-1s `EVALSHA` names the scripts by, computed once.
static READ_SHA: OnceLock<String> = OnceLock::new();
static CAS_SHA: OnceLock<String> = OnceLock::new();

/// `SCRIPT LOAD script`, then one `EVALSHA` per chunk of `items`, each built by `add`; each
/// chunk's items are its keys where `declared`, else the call declares none.
fn calls<T>(
    script: &str,
    sha: &'static OnceLock<String>,
    items: &[T],
    declared: bool,
    add: impl Fn(&mut Cmd, &[T]),
) -> Vec<Cmd> {
    let sha = sha.get_or_init(|| hex(&crate::sha1(script.as_bytes())));
    let mut cmds = Vec::with_capacity(1 + items.len().div_ceil(KEYS_PER_CALL));
    cmds.push(redis::cmd("SCRIPT").arg("LOAD").arg(script).clone());
    for chunk in items.chunks(KEYS_PER_CALL) {
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(sha.as_str())
            .arg(if declared { chunk.len() } else { 0 });
        add(&mut cmd, chunk);
        cmds.push(cmd);
    }
    cmds
}

/// The pipeline that reads `keys`.
pub(super) fn read_commands(keys: &[Key]) -> Vec<Cmd> {
    calls(READ_SCRIPT, &READ_SHA, keys, true, |cmd, chunk| {
        for key in chunk {
            cmd.arg(key.as_slice());
        }
    })
}

/// The values [`read_commands`]' replies give, one per key.
pub(super) fn read_replies(replies: Vec<Value>, keys: usize) -> Result<Vec<Option<Stored>>, Error> {
    let mut out = Vec::with_capacity(keys);
    for reply in replies.into_iter().skip(1) {
        let Value::Array(items) = reply else {
            return Err(unexpected("read script", &reply));
        };
        out.extend(stored_values(items, "read script PTTL")?);
    }
    if out.len() != keys {
        return Err(Error::Unsupported(format!(
            "read script: {} values for {keys} keys",
            out.len()
        )));
    }
    Ok(out)
}

/// The pipeline of compare-and-set calls for `writes` (string values).
pub(super) fn cas_commands(writes: &[Write]) -> Vec<Cmd> {
    calls(CAS_BATCH_SCRIPT, &CAS_SHA, writes, true, |cmd, chunk| {
        for w in chunk {
            cmd.arg(w.key.as_slice());
        }
        for w in chunk {
            cas_arguments(cmd, w);
        }
    })
}

/// Whether each write of [`cas_commands`] happened.
pub(super) fn cas_replies(replies: Vec<Value>, writes: usize) -> Result<Vec<bool>, Error> {
    let mut out = Vec::with_capacity(writes);
    for reply in replies.into_iter().skip(1) {
        let Value::Array(items) = reply else {
            return Err(unexpected("compare-and-set script", &reply));
        };
        for item in items {
            match item {
                Value::Int(n) => out.push(n == 1),
                other => return Err(unexpected("compare-and-set script", &other)),
            }
        }
    }
    if out.len() != writes {
        return Err(Error::Unsupported(format!(
            "compare-and-set script: {} answers for {writes} writes",
            out.len()
        )));
    }
    Ok(out)
}

/// The pipeline of compare-and-set calls for `writes` (string values) that declare no keys:
/// each key is given before its arguments, for a Cluster's primary.
pub(super) fn undeclared_cas_commands(writes: &[Write]) -> Vec<Cmd> {
    calls(CAS_BATCH_SCRIPT, &CAS_SHA, writes, false, |cmd, chunk| {
        for w in chunk {
            cmd.arg(w.key.as_slice());
            cas_arguments(cmd, w);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_comes_with_redis_6_2() {
        assert!(has_set_get(
            "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:0\r\n"
        ));
        assert!(has_set_get("redis_version:6.2.0\r\n"));
        assert!(has_set_get("redis_version:10.0.1\r\n"));
        assert!(!has_set_get("redis_version:6.0.20\r\n"));
        assert!(!has_set_get("redis_version:5.0.14\r\n"));
        assert!(!has_set_get("redis_version:7\r\n"));
        assert!(!has_set_get("no version here"));
    }

    #[test]
    fn chunks_follow_one_script_load() {
        let keys: Vec<Key> = (0..250).map(|i| format!("k{i}").into_bytes()).collect();
        let cmds = read_commands(&keys);
        assert_eq!(cmds.len(), 1 + 3);
        let first = cmds[0].args_iter().count();
        assert_eq!(first, 3); // SCRIPT LOAD <body>
        let sizes: Vec<usize> = cmds[1..].iter().map(|c| c.args_iter().count()).collect();
        // EVALSHA sha numkeys key…
        assert_eq!(sizes, vec![103, 103, 53]);
    }
}
