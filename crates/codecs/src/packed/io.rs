//! Bytes in and out: LEB128 varints, zigzag for signed values, byte-reversed varints for
//! floating point (round numbers keep their low mantissa bytes zero, so reversed they are small).

use crate::error::Error;

/// The output buffer.
pub(super) struct Out {
    buf: Vec<u8>,
}

impl Out {
    pub(super) fn with_capacity(n: usize) -> Out {
        Out {
            buf: Vec::with_capacity(n),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.buf.len()
    }

    pub(super) fn truncate(&mut self, len: usize) {
        self.buf.truncate(len);
    }

    pub(super) fn into_vec(self) -> Vec<u8> {
        self.buf
    }

    #[inline]
    pub(super) fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    #[inline]
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    #[inline]
    pub(super) fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    #[inline]
    pub(super) fn signed(&mut self, v: i64) {
        self.varint(zigzag(v));
    }

    /// A length-prefixed byte string.
    pub(super) fn blob(&mut self, b: &[u8]) {
        self.varint(b.len() as u64);
        self.bytes(b);
    }
}

#[inline]
pub(super) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

#[inline]
fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Bytes a varint of `v` takes.
#[inline]
pub(super) fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// The input, with the offset every error names.
pub(super) struct In<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> In<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> In<'a> {
        In { bytes, pos: 0 }
    }

    pub(super) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// The input from here on.
    pub(super) fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or(&[])
    }

    /// How far into the input this is.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// The input from `start` (an earlier [`In::pos`]) to here.
    pub(super) fn since(&self, start: usize) -> &'a [u8] {
        self.bytes.get(start..self.pos).unwrap_or(&[])
    }

    pub(super) fn error(&self, what: impl std::fmt::Display) -> Error {
        Error::Invalid(format!("packed, body offset {}: {what}", self.pos))
    }

    #[inline]
    pub(super) fn byte(&mut self) -> Result<u8, Error> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("input cut short"))?;
        self.pos += 1;
        Ok(b)
    }

    #[inline]
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.remaining() {
            return Err(self.error(format!("{n} bytes claimed, {} left", self.remaining())));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    #[inline]
    pub(super) fn varint(&mut self) -> Result<u64, Error> {
        // Class codes, counts, lengths and most field values fit one byte: read those without
        // the loop.
        if let Some(&b) = self.bytes.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
        }
        self.long_varint()
    }

    #[inline(never)]
    fn long_varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                if shift == 63 && b > 1 {
                    break;
                }
                return Ok(v);
            }
        }
        Err(self.error("varint longer than 64 bits"))
    }

    /// A varint that must fit `u32`.
    #[inline]
    pub(super) fn varint32(&mut self) -> Result<u32, Error> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| self.error(format!("{v} does not fit 32 bits")))
    }

    /// A count or length: at most `max`, and at most the bytes left times `per_byte` (each item
    /// takes at least one byte unless the caller says otherwise), so nothing is allocated for
    /// what the input cannot hold.
    pub(super) fn count(&mut self, max: u64, what: &str) -> Result<usize, Error> {
        let v = self.varint()?;
        if v > max || v > self.remaining() as u64 {
            return Err(self.error(format!("{what} of {v} is more than the input holds")));
        }
        Ok(v as usize)
    }

    #[inline]
    pub(super) fn signed(&mut self) -> Result<i64, Error> {
        Ok(unzigzag(self.varint()?))
    }

    pub(super) fn blob(&mut self) -> Result<&'a [u8], Error> {
        let n = self.count(u64::MAX, "byte string length")?;
        self.take(n)
    }

    pub(super) fn finish(&self) -> Result<(), Error> {
        if self.pos != self.bytes.len() {
            return Err(self.error("trailing bytes"));
        }
        Ok(())
    }
}

/// Primitive values packed by type: `byte`/`boolean` as themselves, `char` as a varint,
/// `short`/`int`/`long` as zigzag varints, `float`/`double` bit patterns byte-reversed as
/// varints. `be` is the big-endian value Java wrote (1, 2, 4 or 8 bytes).
pub(super) fn put_primitive(out: &mut Out, code: u8, be: &[u8]) {
    match (code, be) {
        (b'B' | b'Z', [b]) => out.byte(*b),
        (b'C', [a, b]) => out.varint(u64::from(u16::from_be_bytes([*a, *b]))),
        (b'S', [a, b]) => out.signed(i64::from(i16::from_be_bytes([*a, *b]))),
        (b'I', &[a, b, c, d]) => out.signed(i64::from(i32::from_be_bytes([a, b, c, d]))),
        (b'F', &[a, b, c, d]) => out.varint(u64::from(u32::from_le_bytes([a, b, c, d]))),
        (b'J', be) if be.len() == 8 => {
            let mut a = [0u8; 8];
            a.copy_from_slice(be);
            out.signed(i64::from_be_bytes(a))
        }
        (b'D', be) if be.len() == 8 => {
            let mut a = [0u8; 8];
            a.copy_from_slice(be);
            out.varint(u64::from_le_bytes(a))
        }
        _ => out.bytes(be),
    }
}

/// Reads one primitive written by [`put_primitive`], appending its big-endian bytes.
pub(super) fn get_primitive(input: &mut In<'_>, code: u8, out: &mut Vec<u8>) -> Result<(), Error> {
    match code {
        b'B' | b'Z' => out.push(input.byte()?),
        b'C' => {
            let v = input.varint()?;
            let v = u16::try_from(v).map_err(|_| input.error("char out of range"))?;
            out.extend_from_slice(&v.to_be_bytes());
        }
        b'S' => {
            let v = input.signed()?;
            let v = i16::try_from(v).map_err(|_| input.error("short out of range"))?;
            out.extend_from_slice(&v.to_be_bytes());
        }
        b'I' => {
            let v = input.signed()?;
            let v = i32::try_from(v).map_err(|_| input.error("int out of range"))?;
            out.extend_from_slice(&v.to_be_bytes());
        }
        b'F' => {
            let v = input.varint32()?;
            out.extend_from_slice(&v.to_le_bytes());
        }
        b'J' => out.extend_from_slice(&input.signed()?.to_be_bytes()),
        b'D' => out.extend_from_slice(&input.varint()?.to_le_bytes()),
        other => return Err(input.error(format!("primitive type code {other:#04x}"))),
    }
    Ok(())
}

/// A block-data run: raw, or as 32-bit big-endian words, each a varint of the word or of its
/// byte-reversed form (a flag in the low bit), when that is shorter. The code says which:
/// `len << 1 | words`.
pub(super) fn put_block(out: &mut Out, bytes: &[u8]) {
    let words = bytes.len().is_multiple_of(4) && words_len(bytes) < bytes.len();
    out.varint((bytes.len() as u64) << 1 | u64::from(words));
    if words {
        for w in bytes.chunks_exact(4) {
            out.varint(word_code(w));
        }
    } else {
        out.bytes(bytes);
    }
}

/// What `bytes` (a whole number of words) take written as words: each word the varint of the
/// shorter of its two codes. Both codes are a value shifted left by one (the reversed one with
/// the low bit set, which never lengthens a varint), so the shorter is the smaller value's, and
/// its length is counted by comparing that value with the powers where a varint grows: no
/// branch per word, so a long writeObject payload (a role list, say) is sized in one pass.
fn words_len(bytes: &[u8]) -> usize {
    bytes
        .chunks_exact(4)
        .map(|w| {
            let be = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            let small = be.min(be.swap_bytes());
            1 + usize::from(small >= 1 << 6)
                + usize::from(small >= 1 << 13)
                + usize::from(small >= 1 << 20)
                + usize::from(small >= 1 << 27)
        })
        .sum()
}

fn word_code(w: &[u8]) -> u64 {
    let be = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
    let le = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
    let direct = u64::from(be) << 1;
    let reversed = u64::from(le) << 1 | 1;
    if varint_len(reversed) < varint_len(direct) {
        reversed
    } else {
        direct
    }
}

/// Reads a block-data run of `len` bytes written as words (see [`put_block`]).
pub(super) fn get_words(input: &mut In<'_>, len: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::with_capacity(len);
    for _ in 0..len / 4 {
        let code = input.varint()?;
        let word = u32::try_from(code >> 1).map_err(|_| input.error("block word out of range"))?;
        if code & 1 == 1 {
            bytes.extend_from_slice(&word.to_le_bytes());
        } else {
            bytes.extend_from_slice(&word.to_be_bytes());
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_overlong_ones_are_refused() {
        let mut out = Out::with_capacity(64);
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            out.varint(v);
            assert_eq!(varint_len(v), {
                let mut o = Out::with_capacity(10);
                o.varint(v);
                o.len()
            });
        }
        out.signed(i64::MIN);
        out.signed(-1);
        let bytes = out.into_vec();
        let mut input = In::new(&bytes);
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(input.varint().unwrap(), v);
        }
        assert_eq!(input.signed().unwrap(), i64::MIN);
        assert_eq!(input.signed().unwrap(), -1);
        input.finish().unwrap();
        let eleven = [0xFFu8; 11];
        assert!(In::new(&eleven).varint().is_err());
        let too_big = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];
        assert!(In::new(&too_big).varint().is_err());
    }

    #[test]
    fn words_are_sized_as_their_codes_are_written() {
        // Every length boundary of both codes, each byte order, and a spread of other words.
        let mut words: Vec<u32> = (0..32)
            .flat_map(|bit| {
                let p = 1u32 << bit;
                [p - 1, p, p | 1, p.swap_bytes(), (p - 1).swap_bytes()]
            })
            .collect();
        words.extend((0..4096u32).map(|i| i.wrapping_mul(0x9E37_79B9).rotate_left(i % 32)));
        for w in words {
            let bytes = w.to_be_bytes();
            assert_eq!(
                words_len(&bytes),
                varint_len(word_code(&bytes)),
                "{w:#010x}"
            );
        }
        let run: Vec<u8> = (0..=255u8).collect();
        let each: usize = run.chunks_exact(4).map(|w| varint_len(word_code(w))).sum();
        assert_eq!(words_len(&run), each);
    }

    #[test]
    fn blocks_round_trip_in_both_modes() {
        for bytes in [
            &[0, 0, 0, 16, 0, 0, 0, 3][..],
            &[0x3F, 0x40, 0, 0][..],
            &[1, 2, 3][..],
            &[0xFF, 0xFF, 0xFF, 0xFF][..],
        ] {
            let mut out = Out::with_capacity(16);
            put_block(&mut out, bytes);
            let encoded = out.into_vec();
            let mut input = In::new(&encoded);
            let code = input.varint().unwrap();
            let len = (code >> 1) as usize;
            let back = if code & 1 == 1 {
                get_words(&mut input, len).unwrap()
            } else {
                input.take(len).unwrap().to_vec()
            };
            assert_eq!(back, bytes);
        }
    }
}
