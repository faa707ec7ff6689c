//! Reading `writeObject` data the way a class's `readObject` does: primitives from block data
//! (one logical byte stream across records: a long may straddle two), objects in between.

use jsess_model::{Content, Ref};

pub(super) struct AnnotationReader<'g> {
    contents: &'g [Content<'g>],
    /// Index of the next content item.
    next: usize,
    /// Unread bytes of the current block-data record.
    block: &'g [u8],
}

impl<'g> AnnotationReader<'g> {
    pub(super) fn new(contents: &'g [Content<'g>]) -> Self {
        AnnotationReader {
            contents,
            next: 0,
            block: &[],
        }
    }

    /// Moves to the next block record when the current one is used up.
    fn refill(&mut self) -> Option<()> {
        while self.block.is_empty() {
            match self.contents.get(self.next)? {
                Content::Block(b) => {
                    self.block = &b.bytes;
                    self.next += 1;
                }
                _ => return None,
            }
        }
        Some(())
    }

    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut out = [0u8; N];
        for slot in out.iter_mut() {
            self.refill()?;
            *slot = self.block[0];
            self.block = &self.block[1..];
        }
        Some(out)
    }

    pub(super) fn i32(&mut self) -> Option<i32> {
        self.bytes().map(i32::from_be_bytes)
    }

    pub(super) fn i64(&mut self) -> Option<i64> {
        self.bytes().map(i64::from_be_bytes)
    }

    pub(super) fn f32(&mut self) -> Option<f32> {
        self.bytes().map(|b| f32::from_bits(u32::from_be_bytes(b)))
    }

    /// A non-negative `int` count.
    pub(super) fn size(&mut self) -> Option<usize> {
        usize::try_from(self.i32()?).ok()
    }

    /// The next object; block data must be used up first, as `readObject` demands.
    pub(super) fn object(&mut self) -> Option<Ref> {
        if !self.block.is_empty() {
            return None;
        }
        match self.contents.get(self.next)? {
            Content::Object(r) => {
                self.next += 1;
                Some(*r)
            }
            _ => None,
        }
    }

    /// `count` objects. The count comes from the data, so it only bounds the loop: the
    /// allocation grows with the objects actually present.
    pub(super) fn objects(&mut self, count: usize) -> Option<Vec<Ref>> {
        let mut out = Vec::with_capacity(count.min(self.contents.len() - self.next));
        for _ in 0..count {
            out.push(self.object()?);
        }
        Some(out)
    }

    /// `count` key/value pairs.
    pub(super) fn pairs(&mut self, count: usize) -> Option<Vec<(Ref, Ref)>> {
        let mut out = Vec::with_capacity(count.min((self.contents.len() - self.next) / 2));
        for _ in 0..count {
            out.push((self.object()?, self.object()?));
        }
        Some(out)
    }

    /// All remaining content as block bytes (externalizable data that holds no objects).
    pub(super) fn remaining_block_bytes(mut self) -> Option<Vec<u8>> {
        let mut out = self.block.to_vec();
        while let Some(Content::Block(b)) = self.contents.get(self.next) {
            out.extend_from_slice(&b.bytes);
            self.next += 1;
        }
        (self.next == self.contents.len()).then_some(out)
    }

    /// Succeeds when everything was read, as the class's `readObject` would leave it.
    pub(super) fn end(&self) -> Option<()> {
        let rest_is_empty_blocks = self.contents[self.next..]
            .iter()
            .all(|c| matches!(c, Content::Block(b) if b.bytes.is_empty()));
        (self.block.is_empty() && rest_is_empty_blocks).then_some(())
    }
}
