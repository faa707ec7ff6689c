//! Java strings, kept exactly as the stream spells them.
//!
//! Java strings are sequences of UTF-16 code units and may hold unpaired surrogates, so they are
//! not always valid Unicode. The serialization stream spells them in *modified UTF-8*: NUL as
//! `C0 80`, supplementary characters as two 3-byte surrogate encodings, never 4-byte forms. A
//! [`JavaString`] keeps those bytes untouched (borrowed from the input where possible), which is
//! what makes a byte-exact re-encode possible even for non-canonical spellings, and decodes on
//! demand.

use std::borrow::Cow;
use std::fmt;

/// Why a byte sequence is not modified UTF-8 as `DataInput.readUTF` accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed modified UTF-8 at byte {at} of the string")]
pub struct Mutf8Error {
    /// Offset of the offending byte within the string's bytes.
    pub at: usize,
}

/// A Java string in modified UTF-8.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JavaString<'a> {
    mutf8: Cow<'a, [u8]>,
}

impl<'a> JavaString<'a> {
    /// Wraps modified UTF-8 bytes after checking them with the rules of `DataInput.readUTF`
    /// (which, like Java, accepts overlong forms and a raw `00` byte).
    pub fn from_mutf8(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, Mutf8Error> {
        let mutf8 = bytes.into();
        validate_mutf8(&mutf8)?;
        Ok(JavaString { mutf8 })
    }

    /// Wraps bytes already known to be modified UTF-8 without checking them again: bytes
    /// equal, compared in full, to ones [`JavaString::from_mutf8`] accepted before (the strings
    /// of a class definition a reader kept from an earlier stream), or bytes a reader found to
    /// be ASCII without NUL while reading them (Kryo's ASCII strings). Checking each of them
    /// again cost a reader a tenth of a kept definition's rebuilding. Bytes that are not
    /// modified UTF-8 make a string whose malformed units read as garbage, never undefined
    /// behaviour; debug builds check.
    pub fn from_known_mutf8(bytes: impl Into<Cow<'a, [u8]>>) -> JavaString<'a> {
        let mutf8 = bytes.into();
        debug_assert!(validate_mutf8(&mutf8).is_ok());
        JavaString { mutf8 }
    }

    /// Encodes a Rust string the way `DataOutput.writeUTF` would.
    pub fn from_text(text: &str) -> JavaString<'static> {
        if text.bytes().all(|b| b != 0 && b < 0x80) {
            return JavaString {
                mutf8: Cow::Owned(text.as_bytes().to_vec()),
            };
        }
        let units: Vec<u16> = text.encode_utf16().collect();
        JavaString::from_utf16(&units)
    }

    /// [`JavaString::from_text`] of a text that lives as long as the program (the built-in
    /// class tables): borrowed where its bytes are already modified UTF-8, so nothing is copied.
    pub fn from_static(text: &'static str) -> JavaString<'static> {
        if text.bytes().all(|b| b != 0 && b < 0x80) {
            return JavaString {
                mutf8: Cow::Borrowed(text.as_bytes()),
            };
        }
        JavaString::from_text(text)
    }

    /// Encodes UTF-16 code units (unpaired surrogates allowed) as `writeUTF` would.
    pub fn from_utf16(units: &[u16]) -> JavaString<'static> {
        let mut out = Vec::with_capacity(units.len());
        for &unit in units {
            push_mutf8_unit(&mut out, unit);
        }
        JavaString {
            mutf8: Cow::Owned(out),
        }
    }

    /// The modified UTF-8 bytes, exactly as read or as they will be written.
    pub fn as_mutf8(&self) -> &[u8] {
        &self.mutf8
    }

    /// The string as `&str` without copying, when its bytes are plain ASCII.
    pub fn as_ascii(&self) -> Option<&str> {
        if self.mutf8.is_ascii() {
            // SAFETY: ASCII bytes are valid UTF-8. Validating them a second time with
            // `from_utf8` cost more than the check above on class names, which every
            // interpretation of a JDK object asks for.
            Some(unsafe { std::str::from_utf8_unchecked(&self.mutf8) })
        } else {
            None
        }
    }

    /// The UTF-16 code units Java sees.
    pub fn utf16_units(&self) -> Utf16Units<'_> {
        Utf16Units {
            bytes: &self.mutf8,
            pos: 0,
        }
    }

    /// Number of UTF-16 code units (Java's `String.length()`).
    pub fn utf16_len(&self) -> usize {
        self.utf16_units().count()
    }

    /// The string as Unicode, or `None` when it holds an unpaired surrogate.
    pub fn to_str(&self) -> Option<Cow<'_, str>> {
        if let Some(ascii) = self.as_ascii() {
            return Some(Cow::Borrowed(ascii));
        }
        char::decode_utf16(self.utf16_units())
            .collect::<Result<String, _>>()
            .ok()
            .map(Cow::Owned)
    }

    /// The string as Unicode with unpaired surrogates replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        if let Some(ascii) = self.as_ascii() {
            return Cow::Borrowed(ascii);
        }
        Cow::Owned(
            char::decode_utf16(self.utf16_units())
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        )
    }

    /// Whether this equals the given Rust string as Java would compare them.
    ///
    /// Inlined: callers mostly pass a literal (a class or field name), so the length test and
    /// the byte compare fold into a few instructions at the call site; only a longer string
    /// goes out of line.
    #[inline]
    pub fn eq_str(&self, text: &str) -> bool {
        // Modified UTF-8 spells each character in at least as many bytes as UTF-8 does (NUL,
        // overlong forms and surrogate pairs take more), and in exactly as many only in the
        // spelling UTF-8 uses. So equal texts have a modified UTF-8 at least as long, and as
        // long only when the bytes are the same; an ASCII string spells every character in
        // one byte. Only a longer, non-ASCII string needs decoding to be compared: this is
        // asked for every field and class name a reader or writer looks up.
        let bytes = &*self.mutf8;
        match bytes.len().cmp(&text.len()) {
            std::cmp::Ordering::Equal => bytes == text.as_bytes(),
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Greater => self.eq_str_longer(text),
        }
    }

    /// [`Self::eq_str`] when the modified UTF-8 is the longer: equal only as a non-ASCII
    /// spelling (overlong forms, NUL, surrogate pairs) of the same characters.
    #[cold]
    #[inline(never)]
    fn eq_str_longer(&self, text: &str) -> bool {
        !self.mutf8.is_ascii() && self.utf16_units().eq(text.encode_utf16())
    }

    /// Detaches the string from the input it borrows.
    pub fn into_owned(self) -> JavaString<'static> {
        JavaString {
            mutf8: Cow::Owned(self.mutf8.into_owned()),
        }
    }
}

impl fmt::Debug for JavaString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string_lossy(), f)
    }
}

impl fmt::Display for JavaString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

/// Iterator over the UTF-16 code units of validated modified UTF-8.
#[derive(Clone)]
pub struct Utf16Units<'s> {
    bytes: &'s [u8],
    pos: usize,
}

impl Iterator for Utf16Units<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        let b0 = *self.bytes.get(self.pos)?;
        // Validation at construction guarantees the continuation bytes exist.
        let cont =
            |i: usize| u16::from(self.bytes.get(self.pos + i).copied().unwrap_or(0x80) & 0x3F);
        let (unit, width) = match b0 >> 4 {
            0..=7 => (u16::from(b0), 1),
            12 | 13 => ((u16::from(b0 & 0x1F) << 6) | cont(1), 2),
            _ => ((u16::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        };
        self.pos += width;
        Some(unit)
    }
}

fn validate_mutf8(bytes: &[u8]) -> Result<(), Mutf8Error> {
    // Session text is mostly ASCII.
    if is_ascii(bytes) {
        return Ok(());
    }
    let is_cont = |i: usize| bytes.get(i).is_some_and(|b| b & 0xC0 == 0x80);
    let mut i = 0;
    while i < bytes.len() {
        let b0 = bytes[i];
        let width = match b0 >> 4 {
            0..=7 => {
                i += ascii_run(&bytes[i..]);
                continue;
            }
            12 | 13 if is_cont(i + 1) => 2,
            14 if is_cont(i + 1) && is_cont(i + 2) => 3,
            _ => return Err(Mutf8Error { at: i }),
        };
        i += width;
    }
    Ok(())
}

/// The high bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether every byte is ASCII, eight bytes at a time with no branch per word.
///
/// `<[u8]>::is_ascii` goes a byte at a time through a slice shorter than two words and
/// through the unaligned ends of a longer one, and most strings a reader checks (class, field
/// and attribute names, type strings) are short: a string of up to 64 bytes is checked here
/// in at most nine loads.
fn is_ascii(bytes: &[u8]) -> bool {
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_ne_bytes(w)
    };
    let len = bytes.len();
    if len < 8 {
        return bytes.iter().fold(0, |seen, &b| seen | b) < 0x80;
    }
    if len > 64 {
        // Long enough for the standard library's aligned loop to pay for its set-up.
        return bytes.is_ascii();
    }
    // Whole words, then the last eight bytes (which may overlap the last whole word).
    let mut seen = word(len - 8);
    let mut at = 0;
    while at + 8 <= len {
        seen |= word(at);
        at += 8;
    }
    seen & HIGH_BITS == 0
}

/// Length of the ASCII prefix (at least 1 when `bytes[0]` is ASCII), eight bytes at a time.
fn ascii_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(word) = bytes.get(n..n + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        if u64::from_ne_bytes(w) & HIGH_BITS != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - n)
}

/// Appends one UTF-16 unit in modified UTF-8.
pub fn push_mutf8_unit(out: &mut Vec<u8>, unit: u16) {
    match unit {
        0x0001..=0x007F => out.push(unit as u8),
        0x0000 | 0x0080..=0x07FF => {
            out.push(0xC0 | (unit >> 6) as u8);
            out.push(0x80 | (unit & 0x3F) as u8);
        }
        _ => {
            out.push(0xE0 | (unit >> 12) as u8);
            out.push(0x80 | ((unit >> 6) & 0x3F) as u8);
            out.push(0x80 | (unit & 0x3F) as u8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_check_finds_a_high_byte_anywhere() {
        for len in 0..80 {
            let mut bytes = vec![b'a'; len];
            assert!(is_ascii(&bytes), "{len} ASCII bytes");
            for at in 0..len {
                bytes[at] = 0x80;
                assert!(!is_ascii(&bytes), "a high byte at {at} of {len}");
                bytes[at] = 0x7F;
            }
        }
    }

    #[test]
    fn nul_and_supplementary_use_java_forms() {
        let s = JavaString::from_text("a\0\u{1F600}");
        assert_eq!(
            s.as_mutf8(),
            &[b'a', 0xC0, 0x80, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]
        );
        assert_eq!(s.to_str().as_deref(), Some("a\0\u{1F600}"));
        assert_eq!(s.utf16_len(), 4);
    }

    #[test]
    fn compares_as_java_reads() {
        let mutf8 = |bytes: &'static [u8]| JavaString::from_mutf8(bytes).expect("valid");
        assert!(mutf8(b"java.lang.Integer").eq_str("java.lang.Integer"));
        assert!(!mutf8(b"java.lang.Integer").eq_str("java.lang.Intege"));
        // An overlong 'A' is what Java reads as 'A'.
        assert!(mutf8(&[0xC1, 0x81]).eq_str("A"));
        assert!(JavaString::from_text("a\0\u{1F600}").eq_str("a\0\u{1F600}"));
        assert!(mutf8(&[b'a', 0x00]).eq_str("a\0"));
        assert!(!JavaString::from_text("\u{1F600}").eq_str("\u{1F601}"));
        // Overlong spellings of a name, as a hand-made stream may carry them.
        assert!(mutf8(&[b'v', 0xE0, 0x81, 0xA1, b'l']).eq_str("val"));
        assert!(!mutf8(&[b'v', 0xE0, 0x81, 0xA1, b'l']).eq_str("vbl"));
        assert!(mutf8(&[0xC0, 0x80]).eq_str("\0"));
        assert!(!mutf8(b"ab").eq_str("\u{e9}"));
    }

    proptest::proptest! {
        /// The length shortcuts answer as decoding both sides would, for modified UTF-8
        /// spelled in every way Java reads: standard, overlong 2- and 3-byte forms, NUL as
        /// one or two bytes, surrogate pairs.
        #[test]
        fn eq_str_agrees_with_decoding(
            chars in proptest::collection::vec((proptest::char::any(), 0u8..3), 0..8),
            other in proptest::collection::vec(proptest::char::any(), 0..8),
        ) {
            let mut bytes = Vec::new();
            let mut text = String::new();
            for (c, spelling) in chars {
                text.push(c);
                let code = c as u32;
                match (code, spelling) {
                    (0x01..=0x7F, 1) => bytes.extend([0xC0 | (code >> 6) as u8, 0x80 | (code & 0x3F) as u8]),
                    (0x00..=0x7FF, 2) => bytes.extend([0xE0, 0x80 | (code >> 6) as u8, 0x80 | (code & 0x3F) as u8]),
                    (0x00, _) => bytes.extend([0xC0, 0x80]),
                    _ => {
                        let mut units = [0u16; 2];
                        for &unit in c.encode_utf16(&mut units).iter() {
                            push_mutf8_unit(&mut bytes, unit);
                        }
                    }
                }
            }
            let s = JavaString::from_mutf8(bytes).expect("valid modified UTF-8");
            let decoded = |t: &str| s.utf16_units().eq(t.encode_utf16());
            proptest::prop_assert!(s.eq_str(&text));
            let other: String = other.into_iter().collect();
            proptest::prop_assert_eq!(s.eq_str(&other), decoded(&other));
        }
    }

    #[test]
    fn lone_surrogate_survives() {
        let units = [0x61, 0xD800, 0x62];
        let s = JavaString::from_utf16(&units);
        assert_eq!(s.utf16_units().collect::<Vec<_>>(), units);
        assert!(s.to_str().is_none());
        let reread = JavaString::from_mutf8(s.as_mutf8().to_vec()).expect("valid");
        assert_eq!(reread, s);
    }

    #[test]
    fn rejects_what_readutf_rejects() {
        assert_eq!(
            JavaString::from_mutf8(&[0x80][..]),
            Err(Mutf8Error { at: 0 })
        );
        assert_eq!(
            JavaString::from_mutf8(&[b'a', 0xF0, 0x90][..]),
            Err(Mutf8Error { at: 1 })
        );
        assert_eq!(
            JavaString::from_mutf8(&[0xE0, 0x80][..]),
            Err(Mutf8Error { at: 0 })
        );
        // Overlong forms and raw NUL are accepted, as Java does.
        assert!(JavaString::from_mutf8(&[0xC1, 0x81, 0x00][..]).is_ok());
    }
}
