use jsess_model::JavaString;

use crate::error::ReadError;

/// A cursor over Kryo bytes. Every read checks the remaining length first, so truncated input
/// is an error at its offset, never a panic.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    bytes: &'a [u8],
    pos: usize,
    max_string_units: u64,
    /// Kryo 5 writes fixed-width numbers little-endian, Kryo 4 big-endian.
    little_endian: bool,
}

impl<'a> Input<'a> {
    /// Reads `bytes` from the start; strings longer than `max_string_units` UTF-16 units are
    /// refused before anything is allocated for them.
    pub fn new(bytes: &'a [u8], max_string_units: u64) -> Self {
        Input {
            bytes,
            pos: 0,
            max_string_units,
            little_endian: false,
        }
    }

    /// Reads Kryo 5 bytes: as [`Input::new`], but fixed-width numbers are little-endian.
    pub fn kryo5(bytes: &'a [u8], max_string_units: u64) -> Self {
        Input {
            little_endian: true,
            ..Input::new(bytes, max_string_units)
        }
    }

    /// The offset of the next byte.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn truncated(&self, what: &'static str) -> ReadError {
        ReadError::Truncated {
            offset: self.pos,
            what,
        }
    }

    /// The next byte, not consumed.
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// One byte.
    pub fn byte(&mut self) -> Result<u8, ReadError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.truncated("a byte"))?;
        self.pos += 1;
        Ok(b)
    }

    /// `n` raw bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ReadError> {
        if self.remaining() < n {
            return Err(self.truncated(what));
        }
        let slice = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], ReadError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    /// `writeShort`: 2 bytes (big-endian in Kryo 4, little-endian in Kryo 5).
    pub fn short(&mut self) -> Result<i16, ReadError> {
        let b = self.array("a short")?;
        Ok(if self.little_endian {
            i16::from_le_bytes(b)
        } else {
            i16::from_be_bytes(b)
        })
    }

    /// `writeChar`: one UTF-16 unit (byte order as `short`).
    pub fn char(&mut self) -> Result<u16, ReadError> {
        let b = self.array("a char")?;
        Ok(if self.little_endian {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }

    /// `writeInt(int)`: 4 bytes (byte order as `short`).
    pub fn int(&mut self) -> Result<i32, ReadError> {
        let b = self.array("an int")?;
        Ok(if self.little_endian {
            i32::from_le_bytes(b)
        } else {
            i32::from_be_bytes(b)
        })
    }

    /// `writeLong(long)`: 8 bytes (byte order as `short`).
    pub fn long(&mut self) -> Result<i64, ReadError> {
        let b = self.array("a long")?;
        Ok(if self.little_endian {
            i64::from_le_bytes(b)
        } else {
            i64::from_be_bytes(b)
        })
    }

    /// `writeVarInt(v, optimizePositive)`: up to 5 groups of 7 bits, least significant first;
    /// like Kryo, bits beyond 32 in the fifth byte are dropped.
    pub fn var_int(&mut self, optimize_positive: bool) -> Result<i32, ReadError> {
        let mut result: u32 = 0;
        for i in 0..5 {
            let b = self.byte()?;
            result |= u32::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Ok(if optimize_positive {
            result as i32
        } else {
            ((result >> 1) as i32) ^ -((result & 1) as i32)
        })
    }

    /// `writeVarLong(v, optimizePositive)`: up to 9 bytes; the ninth carries 8 full bits.
    pub fn var_long(&mut self, optimize_positive: bool) -> Result<i64, ReadError> {
        let mut result: u64 = 0;
        for i in 0..9 {
            let b = self.byte()?;
            if i == 8 {
                result |= u64::from(b) << 56;
                break;
            }
            result |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Ok(if optimize_positive {
            result as i64
        } else {
            ((result >> 1) as i64) ^ -((result & 1) as i64)
        })
    }

    /// Kryo 5's `writeVarIntFlag(flag, v, true)`: the flag in bit 7 of the first byte, then a
    /// positive varint whose first group has 6 bits (bit 6 says more follow).
    pub fn var_int_flag(&mut self) -> Result<(bool, u32), ReadError> {
        let first = self.byte()?;
        let flag = first & 0x80 != 0;
        let mut result = u32::from(first & 0x3f);
        if first & 0x40 != 0 {
            for i in 0..4 {
                let b = self.byte()?;
                result |= u32::from(b & 0x7f) << (6 + 7 * i);
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        Ok((flag, result))
    }

    /// A non-negative varint used as a count, checked against what the input can still hold
    /// (each counted item takes at least `min_item_bytes`) and against `max`.
    pub fn count(
        &mut self,
        max: u32,
        min_item_bytes: usize,
        what: &'static str,
    ) -> Result<usize, ReadError> {
        let offset = self.pos;
        let n = self.var_int(true)?;
        let n = u32::try_from(n).map_err(|_| ReadError::Malformed {
            offset,
            reason: format!("negative {what} {n}"),
        })?;
        if n > max {
            return Err(ReadError::Limit {
                offset,
                limit: jsess_model::Limit::ArrayLength,
                value: u64::from(n),
            });
        }
        let n = n as usize;
        if n.saturating_mul(min_item_bytes) > self.remaining() {
            return Err(ReadError::Truncated { offset, what });
        }
        Ok(n)
    }

    /// `writeString`: an ASCII run ending in a byte with the high bit set, or a length-prefixed
    /// run of UTF-16 units in Kryo's UTF-8-like form. `None` is Java's `null`.
    pub fn string(&mut self) -> Result<Option<Vec<u16>>, ReadError> {
        let first = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.truncated("a string"))?;
        if first & 0x80 == 0 {
            return self.ascii_run().map(Some);
        }
        let offset = self.pos;
        let length = self.utf8_length()?;
        if length == 0 {
            return Ok(None);
        }
        let units = u64::from(length - 1);
        if units > self.max_string_units {
            return Err(ReadError::Limit {
                offset,
                limit: jsess_model::Limit::StringBytes,
                value: units,
            });
        }
        // Each unit takes at least one byte.
        if units as usize > self.remaining() {
            return Err(ReadError::Truncated {
                offset,
                what: "a string",
            });
        }
        let mut out = Vec::with_capacity(units as usize);
        for _ in 0..units {
            out.push(self.utf8_unit()?);
        }
        Ok(Some(out))
    }

    /// [`Input::string`] as Java text. Plain ASCII (the common case) is taken as modified
    /// UTF-8 directly, borrowed from the input when it needs no change.
    pub fn java_string(&mut self) -> Result<Option<JavaString<'a>>, ReadError> {
        let start = self.pos;
        let first = *self
            .bytes
            .get(start)
            .ok_or_else(|| self.truncated("a string"))?;
        if first & 0x80 == 0 {
            // The ASCII form: plain bytes up to one with its high bit set, the last character.
            let end = super::plain_run(&self.bytes[start..]);
            if let Some(&marked) = self.bytes.get(start + end).filter(|&&b| b & 0x80 != 0) {
                let last = marked & 0x7f;
                if last != 0 && (end + 1) as u64 <= self.max_string_units {
                    let mut text = self.bytes[start..=start + end].to_vec();
                    text[end] = last;
                    self.pos = start + end + 1;
                    // Bytes 0x01..=0x7F, as `plain_run` and `last` found them: modified UTF-8.
                    return Ok(Some(JavaString::from_known_mutf8(text)));
                }
            }
        } else {
            let length = self.utf8_length()?;
            let units = length.saturating_sub(1) as usize;
            if length > 0 && (units as u64) <= self.max_string_units && units <= self.remaining() {
                let text = &self.bytes[self.pos..self.pos + units];
                if super::is_plain_ascii(text) {
                    self.pos += units;
                    return Ok(Some(JavaString::from_known_mutf8(text)));
                }
            }
            self.pos = start;
        }
        Ok(self.string()?.map(|units| JavaString::from_utf16(&units)))
    }

    fn ascii_run(&mut self) -> Result<Vec<u16>, ReadError> {
        let start = self.pos;
        let end = self.bytes[start..]
            .iter()
            .position(|b| b & 0x80 != 0)
            .ok_or(ReadError::Truncated {
                offset: start,
                what: "an ASCII string",
            })?;
        let units = (end + 1) as u64;
        if units > self.max_string_units {
            return Err(ReadError::Limit {
                offset: start,
                limit: jsess_model::Limit::StringBytes,
                value: units,
            });
        }
        let run = &self.bytes[start..=start + end];
        self.pos = start + end + 1;
        let mut out: Vec<u16> = run.iter().map(|&b| u16::from(b)).collect();
        if let Some(last) = out.last_mut() {
            *last &= 0x7f;
        }
        Ok(out)
    }

    /// The length prefix: 6 bits in the first byte (0x40 = more follow), then 7-bit groups.
    fn utf8_length(&mut self) -> Result<u32, ReadError> {
        let b = self.byte()?;
        let mut result = u32::from(b & 0x3f);
        if b & 0x40 != 0 {
            let mut shift = 6;
            for _ in 0..4 {
                let b = self.byte()?;
                result |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        Ok(result)
    }

    fn utf8_unit(&mut self) -> Result<u16, ReadError> {
        let offset = self.pos;
        let b = self.byte()?;
        match b >> 4 {
            0..=7 => Ok(u16::from(b)),
            12 | 13 => {
                let b2 = self.byte()?;
                Ok((u16::from(b & 0x1f) << 6) | u16::from(b2 & 0x3f))
            }
            14 => {
                let b2 = self.byte()?;
                let b3 = self.byte()?;
                Ok(
                    (u16::from(b & 0x0f) << 12)
                        | (u16::from(b2 & 0x3f) << 6)
                        | u16::from(b3 & 0x3f),
                )
            }
            _ => Err(ReadError::Malformed {
                offset,
                reason: format!("byte {b:#04x} cannot start a character"),
            }),
        }
    }
}
