//! The validity value msm's non-sticky mode keeps beside a session (`validity:<id>`).

/// What a 20-byte validity value holds (msm's `encode(maxInactiveInterval,
/// lastAccessedTime, thisAccessedTime)`, big-endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// Seconds of inactivity before the session expires.
    pub max_inactive_interval: i32,
    /// Milliseconds since the epoch.
    pub last_accessed_time: i64,
    /// Milliseconds since the epoch.
    pub this_accessed_time: i64,
}

impl Validity {
    /// The length of a validity value.
    pub const LEN: usize = 20;

    /// Reads a validity value; `None` unless `bytes` is exactly 20 bytes long.
    pub fn decode(bytes: &[u8]) -> Option<Validity> {
        let bytes: &[u8; Self::LEN] = bytes.try_into().ok()?;
        let (interval, rest) = bytes.split_at(4);
        let (last, this) = rest.split_at(8);
        Some(Validity {
            max_inactive_interval: i32::from_be_bytes(interval.try_into().ok()?),
            last_accessed_time: i64::from_be_bytes(last.try_into().ok()?),
            this_accessed_time: i64::from_be_bytes(this.try_into().ok()?),
        })
    }

    /// The 20 bytes msm writes.
    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut out = [0u8; Self::LEN];
        out[..4].copy_from_slice(&self.max_inactive_interval.to_be_bytes());
        out[4..12].copy_from_slice(&self.last_accessed_time.to_be_bytes());
        out[12..].copy_from_slice(&self.this_accessed_time.to_be_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let v = Validity {
            max_inactive_interval: 1800,
            last_accessed_time: 1_700_000_000_000,
            this_accessed_time: 1_700_000_000_500,
        };
        assert_eq!(Validity::decode(&v.encode()), Some(v));
        assert_eq!(Validity::decode(&[0; 19]), None);
    }
}
