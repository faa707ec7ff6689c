//! A small table for what a reader keeps from one stream to the next (class descriptors it has
//! read), filed by a 64-bit key in sets of [`WAYS`], the latest used first.
//!
//! Finding an item costs a multiplication, a few key comparisons and the caller's own check,
//! which must stay far below what reading the item again costs; what a thread keeps is bounded
//! by the table's [`SETS`] × [`WAYS`] places, whatever it reads. Four ways rather than two:
//! a store's sessions name a few dozen to a few hundred classes, read in turn, and three
//! classes falling into one set of two would each be evicted before its next use (the msm
//! corpus's 68 packed class definitions put three into each of four sets of a two-way table).

/// Sets of the table (a power of two).
pub const SETS: usize = 256;

/// Places in a set.
pub const WAYS: usize = 4;

/// Longest definition kept, in bytes: a class of fifty fields takes about 1.5 KiB. With the
/// table's 1,024 places this bounds what a thread keeps to 2 MiB, whatever streams it reads
/// (a store's definitions take a few dozen KiB).
pub const MAX_BODY: usize = 2048;

/// The key a class definition is filed by, from its bytes: the eight bytes after its name
/// (which ends at `name_end`; both formats write the `serialVersionUID` there), the name's
/// last eight bytes (where class names differ most; for a shorter name, bytes before it) and
/// `head`, what the format wrote before the name (its length). Together they tell apart all
/// but made-up classes without reading the whole name.
#[inline]
pub fn key_of_name(bytes: &[u8], name_end: usize, head: u64) -> Option<u64> {
    let word = |at: usize| {
        let b = bytes.get(at..at.checked_add(8)?)?;
        Some(u64::from_le_bytes(b.try_into().ok()?))
    };
    let suid = word(name_end)?;
    let tail = word(name_end.saturating_sub(8))?;
    Some(suid ^ tail.rotate_left(17) ^ head.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Items filed by key, at most [`WAYS`] per set; empty (and unallocated) until one is kept.
#[derive(Debug)]
pub struct KeptTable<T> {
    ways: Vec<[Option<(u64, T)>; WAYS]>,
}

impl<T> Default for KeptTable<T> {
    fn default() -> Self {
        KeptTable { ways: Vec::new() }
    }
}

impl<T> KeptTable<T> {
    /// The item filed under `key` for which `same` holds (the caller compares what the key
    /// does not tell apart), now the first of its set.
    pub fn find(&mut self, key: u64, same: impl Fn(&T) -> bool) -> Option<&T> {
        let set = self.ways.get_mut(set_of(key))?;
        let at = set
            .iter()
            .position(|way| way.as_ref().is_some_and(|(k, t)| *k == key && same(t)))?;
        if at > 0 {
            set[..=at].rotate_right(1);
        }
        set[0].as_ref().map(|(_, t)| t)
    }

    /// The item filed under `key` whose bytes (`body` of it) `rest` starts with: a kept
    /// definition that the input repeats.
    pub fn find_prefix(&mut self, key: u64, rest: &[u8], body: impl Fn(&T) -> &[u8]) -> Option<&T> {
        self.find(key, |t| {
            let body = body(t);
            rest.get(..body.len()).is_some_and(|b| b == body)
        })
    }

    /// Keeps `item` under `key` first in its set, in place of the least recently used item.
    pub fn keep(&mut self, key: u64, item: T) {
        if self.ways.is_empty() {
            self.ways = (0..SETS).map(|_| std::array::from_fn(|_| None)).collect();
        }
        if let Some(set) = self.ways.get_mut(set_of(key)) {
            set[WAYS - 1] = Some((key, item));
            set.rotate_right(1);
        }
    }
}

/// The set of a key: the top bits of its Fibonacci hash.
fn set_of(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SETS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_used_of_a_set_are_kept() {
        let mut table = KeptTable::default();
        assert_eq!(table.find(7, |_: &&str| true), None);
        // One key, items told apart by the caller's check: a set holds four, and the least
        // recently used goes.
        for item in ["a", "b", "c", "d"] {
            table.keep(7, item);
        }
        assert_eq!(table.find(7, |t| *t == "a"), Some(&"a"));
        table.keep(7, "e");
        assert_eq!(table.find(7, |t| *t == "b"), None);
        for item in ["a", "c", "d", "e"] {
            assert_eq!(table.find(7, |t| *t == item), Some(&item));
        }
        // The key is compared too.
        assert_eq!(table.find(8, |_| true), None);
    }
}
