//! One key per script call: the compare-and-set of a server before 6.2, of hashes, of a
//! Cluster's key that its primary sent elsewhere, and rollback.

use redis::Cmd;

use super::hash;
use crate::{Error, Expected, ValueKind, Write, WriteTtl};

/// Compare-and-set: `KEYS[1]` is written with `ARGV[3]` only if it holds exactly `ARGV[2]`
/// (`ARGV[1]` = `eq`) or nothing (`ARGV[1]` = `absent`). `ARGV[4]` is the time to live:
/// `keep` keeps what the key has left (read inside the script, so nothing elapses between
/// reading and setting it), a positive number is milliseconds, anything else means none.
/// Returns 1 when written, 0 when the key held something else.
pub const CAS_SCRIPT: &str = r#"
local current = redis.call('GET', KEYS[1])
if ARGV[1] == 'absent' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
local px = ARGV[4]
if px == 'keep' then
  px = redis.call('PTTL', KEYS[1])
else
  px = tonumber(px) or -1
end
if px > 0 then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', px)
else
  redis.call('SET', KEYS[1], ARGV[3])
end
return 1
"#;

/// Rollback of one key: puts `ARGV[2]` back (or deletes the key when `ARGV[1]` is `0`: there
/// was no value before) only while the key holds the value migration wrote, recognised by its
/// SHA-1 `ARGV[3]`; the key keeps the time to live it has left. Returns 3 restored, 2 written
/// since (left alone), 1 already the previous value, 0 gone.
pub const RESTORE_SCRIPT: &str = r#"
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if ARGV[1] == '1' and current == ARGV[2] then return 1 end
if redis.sha1hex(current) ~= ARGV[3] then return 2 end
if ARGV[1] == '0' then
  redis.call('DEL', KEYS[1])
  return 3
end
local px = redis.call('PTTL', KEYS[1])
if px > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', px)
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 3
"#;

/// The compare-and-set script call for one write.
pub(super) fn cas_command(w: &Write) -> Result<Cmd, Error> {
    if w.kind == ValueKind::Hash {
        return hash::cas_command(w);
    }
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(CAS_SCRIPT).arg(1).arg(w.key.as_slice());
    cas_arguments(&mut cmd, w);
    Ok(cmd)
}

/// A string write's `ARGV`: mode, expected bytes, new bytes, time to live (the same for the
/// single-key and the batched script).
pub(super) fn cas_arguments(cmd: &mut Cmd, w: &Write) {
    match &w.expected {
        Expected::Absent => cmd.arg("absent").arg(""),
        Expected::Bytes(b) => cmd.arg("eq").arg(b.as_slice()),
    };
    cmd.arg(w.value.as_slice());
    match w.ttl {
        WriteTtl::KeepCurrent => cmd.arg("keep"),
        WriteTtl::Set(ttl) => cmd.arg(ttl.as_pttl()),
    };
}
