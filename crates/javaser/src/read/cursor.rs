//! A bounds-checked big-endian cursor over the input.

use crate::error::{Error, ErrorKind};

pub(super) struct Cursor<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(input: &'a [u8]) -> Self {
        Cursor { input, pos: 0 }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    /// The input from the current position on.
    pub(super) fn rest(&self) -> &'a [u8] {
        self.input.get(self.pos..).unwrap_or_default()
    }

    /// Input bytes by absolute range (empty when out of bounds).
    pub(super) fn slice(&self, range: std::ops::Range<usize>) -> &'a [u8] {
        self.input.get(range).unwrap_or_default()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.pos >= self.input.len()
    }

    fn eof(&self) -> Error {
        Error {
            offset: self.input.len(),
            kind: ErrorKind::UnexpectedEof,
        }
    }

    pub(super) fn peek(&self) -> Result<u8, Error> {
        self.input.get(self.pos).copied().ok_or_else(|| self.eof())
    }

    /// Skips bytes already inspected with [`Self::peek`].
    pub(super) fn skip(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.input.len());
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.remaining() {
            return Err(self.eof());
        }
        let bytes = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    /// Takes a length read from the input, which may exceed the address space.
    pub(super) fn take_u64(&mut self, n: u64) -> Result<&'a [u8], Error> {
        let n = usize::try_from(n).map_err(|_| self.eof())?;
        self.take(n)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    pub(super) fn u8(&mut self) -> Result<u8, Error> {
        let b = self.peek()?;
        self.pos += 1;
        Ok(b)
    }

    pub(super) fn u16(&mut self) -> Result<u16, Error> {
        self.array().map(u16::from_be_bytes)
    }

    pub(super) fn i16(&mut self) -> Result<i16, Error> {
        self.array().map(i16::from_be_bytes)
    }

    pub(super) fn u32(&mut self) -> Result<u32, Error> {
        self.array().map(u32::from_be_bytes)
    }

    pub(super) fn i32(&mut self) -> Result<i32, Error> {
        self.array().map(i32::from_be_bytes)
    }

    pub(super) fn i64(&mut self) -> Result<i64, Error> {
        self.array().map(i64::from_be_bytes)
    }

    /// The big-endian u32 at an absolute offset, for error messages.
    pub(super) fn u32_at(&self, at: usize) -> Option<u32> {
        let bytes = self.input.get(at..at + 4)?;
        Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }
}
