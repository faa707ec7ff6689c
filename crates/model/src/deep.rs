//! Recursion that input can drive deep.
//!
//! Walking an object graph is naturally recursive, and hostile input can nest 100,000 levels
//! deep. Every recursive walk in jsess runs its step through [`guard`], which moves onto a fresh
//! heap-allocated stack segment when the current one runs low, so depth is bounded by the
//! configured limits and memory, never by the thread's stack size.

/// Stack left before a new segment is allocated.
const RED_ZONE: usize = 128 * 1024;
/// Size of each new stack segment.
const SEGMENT: usize = 4 * 1024 * 1024;

/// Levels of a depth-counting walk between two checks of the stack left: the 128 KiB that
/// [`guard`] keeps free hold the frames of far more levels than this of any walk in jsess,
/// even unoptimized.
pub const CHECK_EVERY: u32 = 4;

/// Runs `step`, first growing the stack if fewer than 128 KiB remain.
#[inline]
pub fn guard<R>(step: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, step)
}

/// [`guard`] for a walk that counts its depth: the check runs at every [`CHECK_EVERY`]th
/// level only, as the levels in between fit in the red zone.
#[inline]
pub fn guard_at<R>(depth: u32, step: impl FnOnce() -> R) -> R {
    if depth.is_multiple_of(CHECK_EVERY) {
        guard(step)
    } else {
        step()
    }
}
