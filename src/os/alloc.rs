//! The library's heap: the system allocator, with blocks of record size
//! placed at one fixed offset within a page.
//!
//! Why: on AMD Zen CPUs, glibc's `memcpy` of a few KiB and more uses
//! `rep movsb`, which runs 10-30 times slower when the destination is a
//! few bytes past the source modulo 4096 (measured on this project's AMD
//! EPYC machine: 3-4 GB/s for 1 to 15 bytes past, 43-105 GB/s otherwise;
//! glibc bug 30994, which glibc 2.36 does not work around). rustls hands each received record's plaintext over by
//! copying it from its receive buffer (the record's body, 5 bytes past the
//! record) into a new `Vec`: where `malloc` happened to place those two
//! blocks decided, once per process, whether receiving ran at full speed
//! or at a third of it (measured: 6,000 against 2,290 MB/s for the same
//! AES-128-GCM receive, docs/PERFORMANCE.md). With every block of record
//! size at the same page offset, that copy's destination is always a few
//! bytes *before* its source (modulo 4096), never just after.
//!
//! The offset, `PLACE`, also keeps the copies to and from the caller's
//! buffers off the slow path for the buffers programs commonly use: a
//! page-aligned buffer (offset 0) and a large `malloc` block (offset 16) are
//! neither just past a block at `PLACE` nor just before a record body at
//! `PLACE + 5`.
//!
//! Blocks under `LARGE` bytes are the system allocator's own. Under 2,112
//! bytes glibc copies with vector loops, which have no such penalty; from
//! there to 4 KiB are handshake messages and small records, and placing
//! them too cost memory (each placed block gives up `PLACE` bytes, and a
//! connection keeps some) for no measured gain.

use std::alloc::{GlobalAlloc, Layout, System};

/// Every `alloc` and `realloc` of the process's Rust code, counted only
/// for tests/hot_path.rs (feature `count-allocations`), which checks that
/// the steady-state data path allocates no more than rustls itself.
#[cfg(feature = "count-allocations")]
static ALLOCATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many allocations the process's Rust code has made so far.
#[cfg(feature = "count-allocations")]
pub fn allocations() -> usize {
    ALLOCATIONS.load(std::sync::atomic::Ordering::Relaxed)
}

fn count() {
    #[cfg(feature = "count-allocations")]
    ALLOCATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// No block under this many bytes is placed (`placed` says which are).
const LARGE: usize = 4096;
const PAGE: usize = 4096;
/// Where in its page a placed block starts.
const PLACE: usize = 128;

/// The allocator (`#[global_allocator]` in lib.rs).
pub struct Placed;

/// A record's plaintext is at most this long.
const MAX_PLAINTEXT: usize = 16384;

/// Which blocks are placed: the two ends of the copy that matters, a
/// received record's plaintext (its exact length, at most 16 KiB) and
/// rustls's receive buffer (whole multiples of 4 KiB, as `Vec` growth
/// from its 4 KiB rest makes them). A full record being sent (16 KiB plus
/// its overhead) is not: its copies are to and from the caller's and the
/// transport's buffers, and placing it cost 4% of the send rate
/// (`posix_memalign` and `free` of a split block for every record).
fn placed(layout: Layout) -> bool {
    let size = layout.size();
    size >= LARGE && layout.align() <= PLACE && (size <= MAX_PLAINTEXT || size.is_multiple_of(PAGE))
}

/// The capacity to reserve (beyond `len`) for a buffer of `len` bytes and
/// `capacity` that needs room for `need`, so that the heap places it:
/// whole pages, doubling as a `Vec` does. `None` when it has room or stays
/// under a page. For buffers copied into rustls's receive buffer (our
/// memory BIO).
pub fn placed_growth(len: usize, capacity: usize, need: usize) -> Option<usize> {
    (need > capacity && need > PAGE).then(|| need.max(2 * capacity).next_multiple_of(PAGE) - len)
}

/// The system block behind a placed block of `size` bytes.
fn outer(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(PLACE)?, PAGE).ok()
}

// SAFETY: every block is a system block or lies `PLACE` bytes into one
// (which `placed` decides from the layout the caller passes back, so each
// block is freed as what it is); alignment up to `PLACE` holds because the
// system block is page-aligned and `PLACE` is a multiple of every such
// alignment. A block that `realloc` moved and that could not be placed
// again is only 16-aligned past its `PLACE`: `realloc` takes that path
// only for layouts aligned to 16 or less.
unsafe impl GlobalAlloc for Placed {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract for `alloc` is passed on.
        unsafe { self.fresh(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !placed(layout) {
            // SAFETY: `ptr` is a system block of `layout` (see `fresh`).
            return unsafe { System.dealloc(ptr, layout) };
        }
        if let Some(outer) = outer(layout.size()) {
            // SAFETY: `ptr` lies `PLACE` bytes into a system block of
            // `outer`, made by `fresh` or `realloc` for this size.
            unsafe { System.dealloc(ptr.sub(PLACE), outer) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        match (placed(layout), placed(new_layout)) {
            // SAFETY: a system block stays one; the contract is passed on.
            (false, false) => unsafe { System.realloc(ptr, layout, new_size) },
            // `malloc`'s 16-byte alignment is all such a block needs even
            // where `realloc` moves it, so it may use glibc's in-place
            // resizing (a receive buffer grows and shrinks by 4 KiB per
            // record).
            (true, true) if layout.align() <= 16 => {
                let Some(new) = outer(new_size) else {
                    return std::ptr::null_mut();
                };
                // SAFETY: `ptr` lies `PLACE` bytes into a system block.
                let base = unsafe { libc::realloc(ptr.sub(PLACE).cast(), new.size()) };
                if base.is_null() {
                    // The old block is untouched, as the contract wants.
                    return std::ptr::null_mut();
                }
                let base = base.cast::<u8>();
                // SAFETY: `base` has `PLACE + new_size` bytes.
                let block = unsafe { base.add(PLACE) };
                if (base as usize).is_multiple_of(PAGE) {
                    return block;
                }
                // Moved off a page start: placed again if that succeeds,
                // else it stays where it is (still `PLACE` bytes into a
                // system block, so `dealloc` frees it right).
                // SAFETY: `new_layout` has a non-zero size (it is placed).
                let moved = unsafe { self.fresh(new_layout) };
                if moved.is_null() {
                    return block;
                }
                let keep = layout.size().min(new_size);
                // SAFETY: both hold at least `keep` bytes; distinct blocks.
                unsafe { std::ptr::copy_nonoverlapping(block, moved, keep) };
                // SAFETY: the block `libc::realloc` returned, freed once.
                unsafe { libc::free(base.cast()) };
                moved
            }
            _ => {
                // Between the two kinds, or a larger alignment: a new
                // block, the contents copied.
                // SAFETY: `new_layout` has a non-zero size (it is placed).
                let moved = unsafe { self.fresh(new_layout) };
                if !moved.is_null() {
                    let keep = layout.size().min(new_size);
                    // SAFETY: both hold at least `keep` bytes; distinct.
                    unsafe { std::ptr::copy_nonoverlapping(ptr, moved, keep) };
                    // SAFETY: `ptr` was allocated with `layout`.
                    unsafe { self.dealloc(ptr, layout) };
                }
                moved
            }
        }
    }
}

impl Placed {
    /// `alloc` without counting (`realloc` also makes blocks with it).
    ///
    /// # Safety
    /// As for `GlobalAlloc::alloc`: `layout` has a non-zero size.
    unsafe fn fresh(&self, layout: Layout) -> *mut u8 {
        if !placed(layout) {
            // SAFETY: the caller's contract for `alloc` is passed on.
            return unsafe { System.alloc(layout) };
        }
        let Some(outer) = outer(layout.size()) else {
            return std::ptr::null_mut();
        };
        // SAFETY: `outer` has a non-zero size.
        let base = unsafe { System.alloc(outer) };
        if base.is_null() {
            return base;
        }
        // SAFETY: `base` has `PLACE + size` bytes.
        unsafe { base.add(PLACE) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(p: *const u8) -> usize {
        p as usize % PAGE
    }

    #[test]
    fn record_size_blocks_sit_at_the_place_small_ones_are_the_systems() {
        let big: Vec<u8> = Vec::with_capacity(16384);
        assert_eq!(offset(big.as_ptr()), PLACE);
        let exact: Vec<u8> = Vec::with_capacity(LARGE);
        assert_eq!(offset(exact.as_ptr()), PLACE);
        // Alignment up to PLACE holds for placed blocks.
        let l = Layout::from_size_align(8192, 64).unwrap();
        // SAFETY: a non-zero layout; freed below with the same layout.
        let p = unsafe { Placed.alloc(l) };
        assert!(!p.is_null());
        assert_eq!(offset(p), PLACE);
        // SAFETY: allocated above with `l`.
        unsafe { Placed.dealloc(p, l) };
        // A larger alignment is the system's to give.
        let l = Layout::from_size_align(8192, 1024).unwrap();
        // SAFETY: as above.
        let p = unsafe { Placed.alloc(l) };
        assert_eq!(p as usize % 1024, 0);
        // SAFETY: as above.
        unsafe { Placed.dealloc(p, l) };
    }

    #[test]
    fn growing_and_shrinking_keep_contents_and_place() {
        // rustls's receive buffer: 4 KiB at rest, grown 4 KiB at a time by
        // `resize` (capacities double: 8, 16, 32 KiB), shrunk back when
        // empty. Every step is placed and keeps the contents.
        let mut v: Vec<u8> = (0..4096u32).map(|i| i as u8).collect();
        v.shrink_to_fit();
        assert_eq!(offset(v.as_ptr()), PLACE);
        for len in [8192usize, 12288, 16384, 18437] {
            let from = v.len();
            v.resize(len, 0);
            for (i, b) in v.iter_mut().enumerate().skip(from) {
                *b = i as u8;
            }
            assert_eq!(offset(v.as_ptr()), PLACE, "capacity {}", v.capacity());
            assert!(v.iter().enumerate().all(|(i, b)| *b == i as u8));
        }
        v.truncate(4096);
        v.shrink_to(4096);
        assert_eq!(offset(v.as_ptr()), PLACE);
        assert!(v.iter().enumerate().all(|(i, b)| *b == i as u8));
        // Across the kinds (a record being sent is not placed; small
        // blocks are not): the contents move with the block.
        let mut w: Vec<u8> = (0..16406u32).map(|i| i as u8).collect();
        w.truncate(6000);
        w.shrink_to_fit();
        assert_eq!(offset(w.as_ptr()), PLACE);
        w.truncate(100);
        w.shrink_to_fit();
        assert!(w.iter().enumerate().all(|(i, b)| *b == i as u8));
    }

    #[test]
    fn a_received_plaintext_copy_is_never_just_past_its_source() {
        // rustls's copy of a record body (5 bytes, or 13 with TLS 1.2's
        // explicit nonce, into its receive buffer) to a new Vec: the
        // destination must not be just past the source mod 4096 (1..=15
        // bytes is the slow case measured; the whole cache line is kept
        // clear).
        let buffer: Vec<u8> = vec![0; 18437];
        for header in [5usize, 13] {
            let body = buffer[header..].as_ptr();
            let copy: Vec<u8> = buffer[header..header + 16384].to_vec();
            let ahead = (copy.as_ptr() as usize).wrapping_sub(body as usize) % PAGE;
            assert!(!(1..64).contains(&ahead), "destination {ahead} bytes past");
        }
    }
}
