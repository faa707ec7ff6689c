//! [`MiMalloc`], the global allocator the `jsess` binary uses (feature `mimalloc`).
//!
//! Reading, re-encoding and verifying a session makes a few dozen to a few hundred small
//! allocations, and [`migrate()`](crate::migrate()) frees on its I/O thread what its workers
//! allocated. With mimalloc instead of glibc's malloc the binary spent 10–20% less CPU per
//! migrated session (BENCHMARKS.md, migration section). A program that converts or migrates
//! many sessions can set it the same way:
//!
//! ```
//! #[global_allocator]
//! static ALLOCATOR: jsess::MiMalloc = jsess::MiMalloc;
//! # fn main() {}
//! ```
//!
//! mimalloc is built without transparent huge pages: with them a migration's peak RSS was
//! 80–95 MiB instead of 30–50.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as ffi;

/// mimalloc as a Rust global allocator.
///
/// Unlike the `mimalloc` crate's allocator, which asks for every block with
/// `mi_malloc_aligned`, this one asks for blocks that need no more than word alignment with
/// plain `mi_malloc`, whose fast path is a few instructions where the aligned one costs about
/// 90: 2–4% of a session's decode or transcode (`benches/instructions.sh`).
#[derive(Debug, Clone, Copy, Default)]
pub struct MiMalloc;

/// Every mimalloc block is aligned to a machine word at least (its smallest size classes are
/// whole words); stricter alignments go through the aligned calls.
const WORD: usize = std::mem::size_of::<usize>();

/// A block for `layout` from `plain` (mimalloc's call without an alignment) when a word's
/// alignment is enough, else from `aligned`.
///
/// # Safety
/// As [`GlobalAlloc::alloc`]: `layout` has a non-zero size.
#[inline]
unsafe fn block(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: both calls take a size (and an alignment, a power of two as `Layout` keeps it)
    // and return a block of at least that size, or null.
    unsafe {
        if layout.align() <= WORD {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: each method hands mimalloc's result back unchanged. `mi_malloc`, `mi_zalloc` and
// `mi_realloc` return blocks aligned to a word at least, so they are used only for layouts that
// need no more; the `_aligned` calls honour any power-of-two alignment; `mi_free` releases a
// block from any of them.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        unsafe { block(layout, ffi::mi_malloc, ffi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        unsafe { block(layout, ffi::mi_zalloc, ffi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator.
        unsafe { ffi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the block keeps its alignment.
        unsafe {
            if layout.align() <= WORD {
                ffi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_alignment_and_contents() {
        let a = MiMalloc;
        for (size, align) in [(1, 1), (8, 8), (24, 8), (24, 16), (100, 64), (5000, 4096)] {
            let layout = Layout::from_size_align(size, align).expect("layout");
            // SAFETY: a non-zero size; every block is freed with its layout.
            unsafe {
                let p = a.alloc(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "alloc {size}/{align}");
                p.write_bytes(0xAB, size);
                let q = a.realloc(p, layout, size * 3);
                assert_eq!(q as usize % align, 0, "realloc {size}/{align}");
                assert!((0..size).all(|i| *q.add(i) == 0xAB));
                a.dealloc(q, Layout::from_size_align(size * 3, align).expect("layout"));
                let z = a.alloc_zeroed(layout);
                assert_eq!(z as usize % align, 0, "alloc_zeroed {size}/{align}");
                assert!((0..size).all(|i| *z.add(i) == 0));
                a.dealloc(z, layout);
            }
        }
    }
}
