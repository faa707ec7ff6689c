//! How much room a writer's output starts with: the largest of the thread's recent outputs.
//!
//! A writer that starts small regrows its output several times over a session of a few
//! kilobytes, and each regrowth copies what is written so far: for a 645-byte session that
//! was a fifth of writing it. The sessions of one store are alike, so the thread remembers the
//! blobs it wrote, the largest fading by a quarter per blob so that one large session does
//! not size every later one, and within bounds so that a single blob cannot make every later
//! one reserve megabytes.

use std::cell::Cell;

/// Room for a blob before the thread has written one (a small session's size).
const FIRST: usize = 512;

/// Most room reserved on what earlier blobs showed.
const MOST: usize = 64 * 1024;

thread_local! {
    static RECENT: Cell<usize> = const { Cell::new(FIRST) };
}

/// The room to start an output with.
pub fn capacity() -> usize {
    RECENT.try_with(Cell::get).unwrap_or(FIRST)
}

/// Remembers that an output of `len` bytes was written.
pub fn learn(len: usize) {
    let _ = RECENT.try_with(|recent| {
        let before = recent.get();
        recent.set(len.min(MOST).max(before - before / 4));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_room_follows_recent_blobs_within_bounds() {
        learn(0);
        let start = capacity();
        learn(3_000);
        assert_eq!(capacity(), 3_000);
        // A smaller blob after it: the memory fades by a quarter per blob.
        learn(100);
        assert_eq!(capacity(), 2_250);
        for _ in 0..40 {
            learn(100);
        }
        assert_eq!(capacity(), 100);
        // One huge blob reserves at most MOST for the next.
        learn(10 << 20);
        assert_eq!(capacity(), MOST);
        assert!(start <= FIRST);
    }
}
