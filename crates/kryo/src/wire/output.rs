/// Kryo bytes being written.
#[derive(Debug, Default, Clone)]
pub struct Output {
    bytes: Vec<u8>,
    /// Kryo 5 writes fixed-width numbers little-endian, Kryo 4 big-endian.
    little_endian: bool,
}

impl Output {
    /// An empty buffer.
    pub fn new() -> Self {
        Output::default()
    }

    /// Appends to an existing buffer (an msm envelope, say).
    pub fn wrap(bytes: Vec<u8>) -> Self {
        Output {
            bytes,
            little_endian: false,
        }
    }

    /// An empty buffer for Kryo 5 bytes (fixed-width numbers little-endian).
    pub fn kryo5() -> Self {
        Output {
            bytes: Vec::new(),
            little_endian: true,
        }
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// What has been written so far.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// One byte.
    pub fn byte(&mut self, b: u8) {
        self.bytes.push(b);
    }

    /// Raw bytes.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// `writeShort`.
    pub fn short(&mut self, v: i16) {
        if self.little_endian {
            self.raw(&v.to_le_bytes());
        } else {
            self.raw(&v.to_be_bytes());
        }
    }

    /// `writeChar`.
    pub fn char(&mut self, v: u16) {
        if self.little_endian {
            self.raw(&v.to_le_bytes());
        } else {
            self.raw(&v.to_be_bytes());
        }
    }

    /// `writeInt(int)`.
    pub fn int(&mut self, v: i32) {
        if self.little_endian {
            self.raw(&v.to_le_bytes());
        } else {
            self.raw(&v.to_be_bytes());
        }
    }

    /// `writeLong(long)`.
    pub fn long(&mut self, v: i64) {
        if self.little_endian {
            self.raw(&v.to_le_bytes());
        } else {
            self.raw(&v.to_be_bytes());
        }
    }

    /// One past the longest string `writeString` writes in the ASCII form: 63 characters in
    /// Kryo 4, 32 in Kryo 5.
    fn ascii_end(&self) -> usize {
        if self.little_endian {
            33
        } else {
            64
        }
    }

    /// Kryo 5's `writeVarIntFlag(flag, v, true)`.
    pub fn var_int_flag(&mut self, flag: bool, v: u32) {
        let mut first = (v & 0x3f) as u8;
        if flag {
            first |= 0x80;
        }
        let mut rest = v >> 6;
        if rest != 0 {
            first |= 0x40;
        }
        self.byte(first);
        while rest != 0 {
            let b = (rest & 0x7f) as u8;
            rest >>= 7;
            self.byte(if rest != 0 { b | 0x80 } else { b });
        }
    }

    /// `writeVarInt(v, optimizePositive)`.
    pub fn var_int(&mut self, v: i32, optimize_positive: bool) {
        let mut v = if optimize_positive {
            v as u32
        } else {
            ((v << 1) ^ (v >> 31)) as u32
        };
        while v >= 0x80 {
            self.bytes.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// `writeVarLong(v, optimizePositive)`: the ninth byte, if reached, holds 8 bits.
    pub fn var_long(&mut self, v: i64, optimize_positive: bool) {
        let mut v = if optimize_positive {
            v as u64
        } else {
            ((v << 1) ^ (v >> 63)) as u64
        };
        for _ in 0..8 {
            if v < 0x80 {
                self.bytes.push(v as u8);
                return;
            }
            self.bytes.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// `writeString(String)`: `None` is `null`. Kryo picks the ASCII run for 2 to 63 ASCII
    /// characters and the length-prefixed form otherwise.
    pub fn string(&mut self, units: Option<&[u16]>) {
        let Some(units) = units else {
            self.byte(0x80);
            return;
        };
        if (2..self.ascii_end()).contains(&units.len()) && units.iter().all(|&u| u <= 0x7f) {
            let (last, init) = units.split_last().expect("at least two units");
            self.bytes.extend(init.iter().map(|&u| u as u8));
            self.bytes.push(*last as u8 | 0x80);
            return;
        }
        self.utf8(units);
    }

    /// [`Output::string`] of Java text, copying plain ASCII (the common case) straight through.
    pub fn java_string(&mut self, text: &jsess_model::JavaString<'_>) {
        let bytes = text.as_mutf8();
        if !super::is_plain_ascii(bytes) {
            let units: Vec<u16> = text.utf16_units().collect();
            self.string(Some(&units));
            return;
        }
        if (2..self.ascii_end()).contains(&bytes.len()) {
            let (last, init) = bytes.split_last().expect("at least two bytes");
            self.bytes.extend_from_slice(init);
            self.bytes.push(last | 0x80);
            return;
        }
        self.utf8_length(bytes.len() as u32 + 1);
        self.bytes.extend_from_slice(bytes);
    }

    /// [`Output::string`] of Rust text: an ASCII string (a class name, say) is copied straight
    /// through, without making its UTF-16 units.
    pub fn str(&mut self, text: &str) {
        let bytes = text.as_bytes();
        if text.is_ascii() && (2..self.ascii_end()).contains(&bytes.len()) {
            if let Some((last, init)) = bytes.split_last() {
                self.bytes.extend_from_slice(init);
                self.bytes.push(last | 0x80);
                return;
            }
        }
        let units: Vec<u16> = text.encode_utf16().collect();
        self.string(Some(&units));
    }

    /// [`Output::ascii`] of Rust text the caller checked is ASCII.
    pub fn ascii_str(&mut self, text: &str) {
        match text.as_bytes() {
            [] => self.byte(0x81),
            [one] => {
                self.byte(0x82);
                self.byte(*one);
            }
            [init @ .., last] => {
                self.bytes.extend_from_slice(init);
                self.bytes.push(last | 0x80);
            }
        }
    }

    /// `writeString(CharSequence)`: always the length-prefixed form.
    pub fn char_sequence(&mut self, units: Option<&[u16]>) {
        match units {
            None => self.byte(0x80),
            Some(units) => self.utf8(units),
        }
    }

    /// `writeAscii(String)` as Kryo 4 has it: null `80`, empty `81`, one character in the
    /// length form, two or more as an ASCII run of any length. Callers check the text is ASCII.
    pub fn ascii(&mut self, units: Option<&[u16]>) {
        match units {
            None => self.byte(0x80),
            Some([]) => self.byte(0x81),
            Some([one]) => {
                self.byte(0x82);
                self.byte(*one as u8);
            }
            Some(units) => {
                let (last, init) = units.split_last().expect("at least two units");
                self.bytes.extend(init.iter().map(|&u| u as u8));
                self.bytes.push(*last as u8 | 0x80);
            }
        }
    }

    fn utf8(&mut self, units: &[u16]) {
        self.utf8_length(units.len() as u32 + 1);
        for &c in units {
            match c {
                0..=0x7f => self.bytes.push(c as u8),
                0x80..=0x7ff => {
                    self.bytes.push(0xc0 | (c >> 6) as u8);
                    self.bytes.push(0x80 | (c & 0x3f) as u8);
                }
                _ => {
                    self.bytes.push(0xe0 | (c >> 12) as u8);
                    self.bytes.push(0x80 | ((c >> 6) & 0x3f) as u8);
                    self.bytes.push(0x80 | (c & 0x3f) as u8);
                }
            }
        }
    }

    fn utf8_length(&mut self, length: u32) {
        if length >> 6 == 0 {
            self.bytes.push(0x80 | length as u8);
            return;
        }
        self.bytes.push(0xc0 | (length & 0x3f) as u8);
        let mut rest = length >> 6;
        while rest >= 0x80 {
            self.bytes.push((rest as u8 & 0x7f) | 0x80);
            rest >>= 7;
        }
        self.bytes.push(rest as u8);
    }
}
