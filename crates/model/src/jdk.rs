//! Plain values for the JDK classes sessions hold.
//!
//! A `HashMap` in a stream is an object with a load factor, a threshold and a block of bucket
//! counts and key/value pairs; what a user means is "a map". [`JdkValue`] is that meaning, with
//! children as [`Ref`]s into the same graph so sharing and cycles survive. Formats read their own
//! encodings into these kinds and write them back out.

use crate::graph::{Ref, Value};
use crate::string::JavaString;

/// The plain meaning of a JDK object.
#[derive(Debug, Clone, PartialEq)]
pub enum JdkValue<'g> {
    /// A boxed primitive (`Integer`, `Long`, …); the variant of [`Value`] names the box.
    Boxed(Value),
    /// `AtomicInteger` / `AtomicLong`.
    Atomic(Value),
    /// `java.util.Date`, `java.sql.Date`, `java.sql.Time`: milliseconds since the epoch.
    Date {
        /// The class name.
        class: &'g str,
        /// Milliseconds since 1970-01-01T00:00Z.
        millis: i64,
    },
    /// `java.sql.Timestamp`: whole seconds in milliseconds, plus nanoseconds.
    Timestamp {
        /// Milliseconds of the whole second (what the stream's `Date` part holds).
        millis: i64,
        /// Nanoseconds within the second.
        nanos: i32,
    },
    /// `java.math.BigInteger`.
    BigInteger(BigInt<'g>),
    /// `java.math.BigDecimal`: `unscaled × 10^-scale`.
    BigDecimal {
        /// The unscaled value.
        unscaled: BigInt<'g>,
        /// The scale.
        scale: i32,
    },
    /// `java.util.UUID`.
    Uuid {
        /// Most significant 64 bits.
        most: i64,
        /// Least significant 64 bits.
        least: i64,
    },
    /// `java.util.Locale`.
    Locale {
        /// Language subtag.
        language: &'g JavaString<'g>,
        /// Country / region.
        country: &'g JavaString<'g>,
        /// Variant.
        variant: &'g JavaString<'g>,
        /// Script.
        script: &'g JavaString<'g>,
        /// Extensions (`u-ca-japanese`).
        extensions: &'g JavaString<'g>,
    },
    /// `StringBuilder` / `StringBuffer`: the text's UTF-16 units.
    Text {
        /// The class name.
        class: &'g str,
        /// The characters.
        units: Vec<u16>,
    },
    /// A `java.time` value.
    Time(Temporal),
    /// An enum constant.
    Enum {
        /// The enum type.
        class: &'g JavaString<'g>,
        /// The constant's name.
        name: &'g JavaString<'g>,
    },
    /// A `java.lang.Class` object; `None` names a proxy class.
    Class(Option<&'g JavaString<'g>>),
    /// A list, queue, deque or set, elements in the order written.
    Collection {
        /// List-like or set-like.
        kind: CollectionKind,
        /// The class name as written (`java.util.ArrayList`, `java.util.CollSer`).
        class: &'g str,
        /// Elements.
        elements: Vec<Ref>,
        /// The comparator of a sorted set or priority queue (`null` for natural order).
        comparator: Ref,
        /// The element type of an `EnumSet` (a `Class` node).
        element_type: Ref,
    },
    /// A map, entries in the order written.
    Map {
        /// The class name as written.
        class: &'g str,
        /// Key/value pairs.
        entries: Vec<(Ref, Ref)>,
        /// The comparator of a sorted map (`null` for natural order).
        comparator: Ref,
        /// The key type of an `EnumMap` (a `Class` node).
        key_type: Ref,
        /// A `LinkedHashMap` iterating in access order.
        access_order: bool,
        /// The defaults of a `java.util.Properties` (`null` for none).
        defaults: Ref,
    },
    /// A `java.util.Collections` wrapper (unmodifiable, synchronized, checked) around another
    /// collection or map.
    Wrapper {
        /// The wrapper class as written.
        class: &'g str,
        /// The wrapped collection or map.
        inner: Ref,
    },
}

/// Whether a collection behaves as a list or a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionKind {
    /// Ordered, duplicates allowed (lists, queues, deques).
    List,
    /// No duplicates.
    Set,
}

/// An arbitrary-precision integer: sign and big-endian magnitude.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BigInt<'g> {
    /// -1, 0 or 1.
    pub signum: i32,
    /// Big-endian magnitude without leading zero bytes requirements.
    pub magnitude: &'g [u8],
}

impl BigInt<'_> {
    /// Decimal digits, with a leading `-` when negative.
    pub fn to_decimal(&self) -> String {
        let mut digits = big_magnitude_to_decimal(self.magnitude);
        if self.signum < 0 && digits != "0" {
            digits.insert(0, '-');
        }
        digits
    }
}

/// A decimal integer as (signum, big-endian magnitude).
pub fn parse_big_integer(text: &str) -> Option<(i32, Vec<u8>)> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Little-endian base-2^32 limbs, multiplied up digit by digit.
    let mut limbs: Vec<u32> = Vec::new();
    for b in body.bytes() {
        let mut carry = u64::from(b - b'0');
        for limb in limbs.iter_mut() {
            let v = u64::from(*limb) * 10 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            limbs.push(carry as u32);
        }
    }
    let mut magnitude: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    magnitude.drain(..start);
    let signum = if magnitude.is_empty() {
        0
    } else if negative {
        -1
    } else {
        1
    };
    Some((signum, magnitude))
}

/// Converts a big-endian unsigned magnitude to decimal digits.
pub fn big_magnitude_to_decimal(magnitude: &[u8]) -> String {
    // Repeated division by 10^9 over base-2^32 limbs: quadratic, fine for the sizes sessions hold.
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    let bytes = &magnitude[start..];
    if bytes.is_empty() {
        return "0".to_string();
    }
    let mut limbs: Vec<u32> = Vec::with_capacity(bytes.len().div_ceil(4));
    let head = bytes.len() % 4;
    if head != 0 {
        limbs.push(
            bytes[..head]
                .iter()
                .fold(0u32, |acc, &b| (acc << 8) | u32::from(b)),
        );
    }
    for chunk in bytes[head..].chunks_exact(4) {
        limbs.push(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
    }
    let mut groups = Vec::new();
    while !limbs.is_empty() {
        let mut rem: u64 = 0;
        for limb in limbs.iter_mut() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        groups.push(rem as u32);
        while limbs.first() == Some(&0) {
            limbs.remove(0);
        }
    }
    let mut out = groups.pop().map(|g| g.to_string()).unwrap_or_default();
    for g in groups.iter().rev() {
        out.push_str(&format!("{g:09}"));
    }
    out
}

/// A `java.time` value, as `java.time.Ser` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temporal {
    /// `Duration`
    Duration {
        /// Whole seconds.
        seconds: i64,
        /// Nanoseconds within the second (0–999,999,999).
        nanos: i32,
    },
    /// `Instant`
    Instant {
        /// Seconds since 1970-01-01T00:00:00Z.
        seconds: i64,
        /// Nanoseconds within the second (0–999,999,999).
        nanos: i32,
    },
    /// `LocalDate`
    LocalDate(Date),
    /// `LocalTime`
    LocalTime(Time),
    /// `LocalDateTime`
    LocalDateTime(Date, Time),
    /// `ZonedDateTime`: local date-time, offset and zone.
    ZonedDateTime(Date, Time, Offset, Zone),
    /// `ZoneRegion` (`ZoneId.of("Europe/Paris")`).
    ZoneRegion(ZoneName),
    /// `ZoneOffset`
    ZoneOffset(Offset),
    /// `OffsetTime`
    OffsetTime(Time, Offset),
    /// `OffsetDateTime`
    OffsetDateTime(Date, Time, Offset),
    /// `Year`
    Year(i32),
    /// `YearMonth`
    YearMonth {
        /// The proleptic year.
        year: i32,
        /// 1–12.
        month: u8,
    },
    /// `MonthDay`
    MonthDay {
        /// 1–12.
        month: u8,
        /// 1–31.
        day: u8,
    },
    /// `Period`
    Period {
        /// Years.
        years: i32,
        /// Months.
        months: i32,
        /// Days.
        days: i32,
    },
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–59.
    pub second: u8,
    /// Nanosecond 0–999,999,999.
    pub nano: i32,
}

/// A UTC offset in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset(pub i32);

/// The zone of a `ZonedDateTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset.
    Offset(Offset),
    /// A region id.
    Region(ZoneName),
}

/// A zone region id, stored inline (ids are short ASCII names such as `America/Argentina/Buenos_Aires`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneName {
    bytes: [u8; 64],
    len: u8,
}

impl ZoneName {
    /// Stores an id; `None` when it is longer than 64 bytes.
    pub fn new(id: &str) -> Option<ZoneName> {
        let len = u8::try_from(id.len()).ok().filter(|&l| l <= 64)?;
        let mut bytes = [0u8; 64];
        bytes[..id.len()].copy_from_slice(id.as_bytes());
        Some(ZoneName { bytes, len })
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl std::fmt::Debug for ZoneName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_of_big_magnitudes() {
        assert_eq!(big_magnitude_to_decimal(&[]), "0");
        assert_eq!(big_magnitude_to_decimal(&[0, 0, 1]), "1");
        let two_pow_200 = {
            let mut m = vec![0u8; 26];
            m[0] = 1;
            m
        };
        assert_eq!(
            big_magnitude_to_decimal(&two_pow_200),
            "1606938044258990275541962092341162602522202993782792835301376"
        );
    }
}
