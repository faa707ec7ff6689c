//! msm's key layout (`docs/redis.md`): `P + id` for a session, `validity:` + P + id and
//! `lock:` + P + id beside it, where P is the `storageKeyPrefix` value (tokens joined by `:`,
//! then `_`; empty by default).

/// What a key is, from its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// `validity:` + P + id (non-sticky mode).
    Validity,
    /// `lock:` + P + id (non-sticky mode with locking).
    Lock,
    /// `bak:` + … (memcached secondary backups; never written to Redis by msm).
    Backup,
    /// Anything else: a session key when its value is a session blob.
    Plain,
}

impl KeyRole {
    /// How reports name the role.
    pub fn name(self) -> &'static str {
        match self {
            KeyRole::Validity => "validity",
            KeyRole::Lock => "lock",
            KeyRole::Backup => "bak",
            KeyRole::Plain => "plain",
        }
    }
}

/// Classifies a key by msm's fixed prefixes.
pub fn key_role(key: &[u8]) -> KeyRole {
    if key.starts_with(b"validity:") {
        KeyRole::Validity
    } else if key.starts_with(b"lock:") {
        KeyRole::Lock
    } else if key.starts_with(b"bak:") {
        KeyRole::Backup
    } else {
        KeyRole::Plain
    }
}

/// The `storageKeyPrefix` part of a session key whose blob carries session id `id`: `Some("")`
/// for a bare id, `Some("app:v1_")` for a prefixed one, `None` when the key does not end with the
/// id behind a `_` (then the value is not where msm would keep that session).
pub fn session_prefix<'k>(key: &'k [u8], id: &[u8]) -> Option<&'k [u8]> {
    let prefix = key.strip_suffix(id)?;
    (prefix.is_empty() || prefix.ends_with(b"_")).then_some(prefix)
}

/// The key `validity:` / `lock:` keys name, without that marker.
pub fn strip_role(key: &[u8]) -> &[u8] {
    for marker in [&b"validity:"[..], b"lock:", b"bak:"] {
        if let Some(rest) = key.strip_prefix(marker) {
            return rest;
        }
    }
    key
}

/// `lock:` + key: where msm takes its lock for a session key.
pub fn lock_key(session_key: &[u8]) -> Vec<u8> {
    [&b"lock:"[..], session_key].concat()
}

/// A SCAN MATCH pattern for keys starting with `prefix` (glob characters escaped).
pub fn prefix_pattern(prefix: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(prefix.len() + 1);
    for &b in prefix {
        if matches!(b, b'*' | b'?' | b'[' | b']' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'*');
    out
}

/// A key as text for reports: UTF-8 as is, other bytes as `\xNN`.
pub fn display_key(key: &[u8]) -> String {
    let mut out = String::with_capacity(key.len());
    for chunk in key.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_follow_msm() {
        assert_eq!(session_prefix(b"ABC.n1", b"ABC.n1"), Some(&b""[..]));
        assert_eq!(
            session_prefix(b"e93c085e:45e6345f:001_ABC", b"ABC"),
            Some(&b"e93c085e:45e6345f:001_"[..])
        );
        assert_eq!(session_prefix(b"xABC", b"ABC"), None);
        assert_eq!(session_prefix(b"ABD", b"ABC"), None);
        assert_eq!(key_role(b"validity:ABC"), KeyRole::Validity);
        assert_eq!(key_role(b"lock:app_ABC"), KeyRole::Lock);
        assert_eq!(strip_role(b"lock:app_ABC"), b"app_ABC");
        assert_eq!(prefix_pattern(b"a*b_"), b"a\\*b_*");
        assert_eq!(display_key(b"a\xffb"), "a\\xffb");
    }
}
