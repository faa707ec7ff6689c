//! Redis Cluster's hash slots, for splitting one store between several workers.
//!
//! A Cluster places every key in one of 16384 slots: CRC16-XMODEM of the key modulo 16384,
//! where a key holding a `{hashtag}` is hashed by the tag alone (the first `{`, then the first
//! `}` after it, when something lies between them). jsess computes the same slot for any store
//! (one server, shards, a directory), so `N` processes given disjoint [`SlotRange`]s that
//! together cover 0–16383 visit every key exactly once between them.
//!
//! msm keeps a session's companions under other keys (`validity:` + key, `lock:` + key,
//! `bak:` + key), which hash to other slots. A worker must handle a session together with its
//! companions, so [`session_slot`] decides a companion by its session's key: one key, one
//! worker, whatever slot the companion itself lives in.
//!
//! ```
//! use jsess_store::{slot, session_slot, SlotRange};
//!
//! assert_eq!(slot(b"foo"), 12182);
//! assert_eq!(slot(b"{user1000}.following"), slot(b"{user1000}.followers"));
//! // A validity key goes where its session goes.
//! assert_eq!(session_slot(b"validity:app_ABC"), slot(b"app_ABC"));
//!
//! let first: SlotRange = "0-5460".parse()?;
//! assert!(first.contains(slot(b"bar")));
//! assert!(!first.contains(slot(b"foo")));
//! assert_eq!(first.to_string(), "0-5460");
//! # Ok::<(), jsess_store::SlotRangeError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use crate::keys::strip_role;

/// How many slots a Cluster has.
pub const SLOTS: u16 = 16384;

/// The Cluster hash slot of `key`, as Redis's `CLUSTER KEYSLOT` computes it.
pub fn slot(key: &[u8]) -> u16 {
    crc16::State::<crc16::XMODEM>::calculate(hashed_part(key)) % SLOTS
}

/// The slot that decides which worker handles `key`: its own slot for a session key, its
/// session key's for msm's companions (`validity:`, `lock:` and `bak:` + the session key), so
/// a session and everything msm keeps beside it go to one worker.
pub fn session_slot(key: &[u8]) -> u16 {
    slot(strip_role(key))
}

/// The part of `key` Redis hashes: the content of the first `{…}` when it is not empty,
/// otherwise the whole key (Redis's `keyHashSlot`).
fn hashed_part(key: &[u8]) -> &[u8] {
    let Some(open) = key.iter().position(|&b| b == b'{') else {
        return key;
    };
    let after = &key[open + 1..];
    match after.iter().position(|&b| b == b'}') {
        Some(close) if close > 0 => &after[..close],
        _ => key,
    }
}

/// An inclusive range of slots, `start..=end` within 0–16383: the share of a store one worker
/// handles. Written and parsed as `"A-B"` (a single slot also as `"N"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotRange {
    start: u16,
    end: u16,
}

/// Why a slot range was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotRangeError {
    /// Not `A-B` or `N` with decimal numbers.
    #[error("slot range {text:?} is not A-B or N (decimal slot numbers)")]
    Malformed {
        /// What was given.
        text: String,
    },
    /// A slot beyond the last one, 16383.
    #[error("slot {slot} is out of range: slots are 0 to 16383")]
    OutOfRange {
        /// The slot as given.
        slot: String,
    },
    /// The range's start is after its end.
    #[error("slot range {start}-{end} is reversed: the start must not be after the end")]
    Reversed {
        /// The first slot given.
        start: u16,
        /// The last slot given.
        end: u16,
    },
}

impl SlotRange {
    /// Every slot.
    pub const ALL: SlotRange = SlotRange {
        start: 0,
        end: SLOTS - 1,
    };

    /// Slots `start` to `end`, both included.
    pub fn new(start: u16, end: u16) -> Result<SlotRange, SlotRangeError> {
        for slot in [start, end] {
            if slot >= SLOTS {
                return Err(SlotRangeError::OutOfRange {
                    slot: slot.to_string(),
                });
            }
        }
        if start > end {
            return Err(SlotRangeError::Reversed { start, end });
        }
        Ok(SlotRange { start, end })
    }

    /// The first slot.
    pub fn start(&self) -> u16 {
        self.start
    }

    /// The last slot (included).
    pub fn end(&self) -> u16 {
        self.end
    }

    /// Whether `slot` is in the range.
    pub fn contains(&self, slot: u16) -> bool {
        (self.start..=self.end).contains(&slot)
    }

    /// Whether the worker of this range handles `key` ([`session_slot`]: msm's companions
    /// go with their session).
    pub fn handles(&self, key: &[u8]) -> bool {
        self.contains(session_slot(key))
    }
}

impl fmt::Display for SlotRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for SlotRange {
    type Err = SlotRangeError;

    fn from_str(text: &str) -> Result<SlotRange, SlotRangeError> {
        let malformed = || SlotRangeError::Malformed {
            text: text.to_string(),
        };
        let number = |part: &str| -> Result<u16, SlotRangeError> {
            // Digits only: `u16::from_str` would also take a sign, which no slot has.
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            match part.parse::<u16>() {
                Ok(n) if n < SLOTS => Ok(n),
                _ => Err(SlotRangeError::OutOfRange {
                    slot: part.to_string(),
                }),
            }
        };
        match text.split_once('-') {
            Some((start, end)) => SlotRange::new(number(start)?, number(end)?),
            None => {
                let n = number(text)?;
                SlotRange::new(n, n)
            }
        }
    }
}

impl serde::Serialize for SlotRange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SlotRange {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SlotRange, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_redis_cluster_keyslot() {
        // Values of `CLUSTER KEYSLOT` (and Redis's cluster specification).
        assert_eq!(slot(b"foo"), 12182);
        assert_eq!(slot(b"bar"), 5061);
        assert_eq!(slot(b"123456789"), 0x31C3 % SLOTS);
        assert_eq!(slot(b""), 0);
        assert_eq!(slot(b"{user1000}.following"), slot(b"{user1000}.followers"));
        assert_eq!(slot(b"{user1000}.following"), slot(b"user1000"));
    }

    #[test]
    fn hashtags_follow_redis_rule() {
        // An empty tag: the whole key.
        assert_eq!(hashed_part(b"foo{}{bar}"), b"foo{}{bar}");
        // The first `}` after the first `{`.
        assert_eq!(hashed_part(b"foo{{bar}}zap"), b"{bar");
        assert_eq!(slot(b"foo{{bar}}zap"), slot(b"{bar"));
        assert_eq!(hashed_part(b"foo{bar}{zap}"), b"bar");
        // No closing brace: the whole key.
        assert_eq!(hashed_part(b"foo{bar"), b"foo{bar");
        assert_eq!(hashed_part(b"}foo{bar}"), b"bar");
        assert_eq!(hashed_part(b"plain"), b"plain");
    }

    #[test]
    fn companions_go_with_their_session() {
        for key in [&b"app_ABC"[..], b"ABC.n1", b"{tag}_X"] {
            let s = slot(key);
            assert_eq!(session_slot(key), s);
            for marker in [&b"validity:"[..], b"lock:", b"bak:"] {
                assert_eq!(session_slot(&[marker, key].concat()), s);
            }
        }
    }

    #[test]
    fn ranges_parse_and_print() {
        let r: SlotRange = "0-5460".parse().expect("range");
        assert_eq!((r.start(), r.end()), (0, 5460));
        assert_eq!(r.to_string(), "0-5460");
        let one: SlotRange = "42".parse().expect("one slot");
        assert_eq!((one.start(), one.end()), (42, 42));
        assert_eq!("0-16383".parse::<SlotRange>(), Ok(SlotRange::ALL));
        assert!(r.contains(0) && r.contains(5460) && !r.contains(5461));
        assert!(one.handles(b"validity:") == one.contains(slot(b"")));
    }

    #[test]
    fn bad_ranges_say_why() {
        for text in [
            "", "-", "a-b", "1-", "-5", "1--2", "+1-2", " 1-2", "1-2-3", "1 - 2",
        ] {
            assert!(
                matches!(
                    text.parse::<SlotRange>(),
                    Err(SlotRangeError::Malformed { .. })
                ),
                "{text:?}"
            );
        }
        assert_eq!(
            "0-16384".parse::<SlotRange>(),
            Err(SlotRangeError::OutOfRange {
                slot: "16384".into()
            })
        );
        assert!(matches!(
            "99999999999".parse::<SlotRange>(),
            Err(SlotRangeError::OutOfRange { .. })
        ));
        assert_eq!(
            "10-3".parse::<SlotRange>(),
            Err(SlotRangeError::Reversed { start: 10, end: 3 })
        );
        assert_eq!(
            "10-3".parse::<SlotRange>().map_err(|e| e.to_string()),
            Err("slot range 10-3 is reversed: the start must not be after the end".into())
        );
    }

    #[test]
    fn ranges_are_json_strings() {
        let r = SlotRange::new(5461, 10922).expect("range");
        assert_eq!(serde_json::to_string(&r).expect("json"), "\"5461-10922\"");
        assert_eq!(
            serde_json::from_str::<SlotRange>("\"5461-10922\"").expect("back"),
            r
        );
        assert!(serde_json::from_str::<SlotRange>("\"9-1\"").is_err());
    }
}
