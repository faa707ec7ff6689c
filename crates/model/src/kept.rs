//! A small table for what a reader keeps from one stream to the next (class descriptors it has
//! read), filed by a 64-bit key in sets of two, the latest used first.
//!
//! Finding an item costs a multiplication, a key comparison and the caller's own check, which
//! must stay far below what reading the item again costs; what a thread keeps is bounded by
//! the table's [`SETS`] sets of two, whatever it reads.

/// Sets of the table (a power of two).
pub const SETS: usize = 128;

/// Items filed by key, at most two per set; empty (and unallocated) until one is kept.
#[derive(Debug)]
pub struct KeptTable<T> {
    ways: Vec<[Option<(u64, T)>; 2]>,
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
        let matches =
            |way: &Option<(u64, T)>| way.as_ref().is_some_and(|(k, t)| *k == key && same(t));
        if !matches(&set[0]) {
            if !matches(&set[1]) {
                return None;
            }
            set.swap(0, 1);
        }
        set[0].as_ref().map(|(_, t)| t)
    }

    /// Keeps `item` under `key` in place of the least recently used item of its set.
    pub fn keep(&mut self, key: u64, item: T) {
        if self.ways.is_empty() {
            self.ways = (0..SETS).map(|_| [None, None]).collect();
        }
        if let Some(set) = self.ways.get_mut(set_of(key)) {
            set[1] = Some((key, item));
            set.swap(0, 1);
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
    fn the_two_latest_of_a_set_are_kept() {
        let mut table = KeptTable::default();
        assert_eq!(table.find(7, |_: &&str| true), None);
        // One key, three items told apart by the caller's check: the oldest goes.
        table.keep(7, "a");
        table.keep(7, "b");
        assert_eq!(table.find(7, |t| *t == "a"), Some(&"a"));
        table.keep(7, "c");
        assert_eq!(table.find(7, |t| *t == "b"), None);
        assert_eq!(table.find(7, |t| *t == "a"), Some(&"a"));
        assert_eq!(table.find(7, |t| *t == "c"), Some(&"c"));
        // The key is compared too.
        assert_eq!(table.find(8, |_| true), None);
    }
}
