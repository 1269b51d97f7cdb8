//! The benchmark's one memory allocator, for every executor alike, and a
//! count of the allocations made while a run is timed.
//!
//! Every executor allocates its tasks, and with glibc's `malloc` the cost
//! of that depended more on the allocation pattern than on the executor:
//! glibc hands memory freed at the top of its heap back to the kernel and
//! faults it in again on the next run, how often depending on the pattern
//! of one executor's allocations and on what ran before. A first version of
//! this benchmark measured mostly that. So the whole program allocates
//! through mimalloc, which keeps freed memory in the process for reuse;
//! built with `--features system-allocator` it allocates through the
//! system's `malloc` instead, for comparison. Either
//! way the counting wrapper below stands in front, and counts only during
//! the runs that `measure` asks it to count, which are not timed: in the
//! timed runs its whole cost is one relaxed load of a flag per allocation.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[cfg(not(feature = "system-allocator"))]
const INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(feature = "system-allocator")]
const INNER: std::alloc::System = std::alloc::System;

/// The allocator's name, for the output.
pub const NAME: &str = if cfg!(feature = "system-allocator") {
    "the system's malloc (glibc on Linux; built with --features system-allocator)"
} else {
    "mimalloc, the one global allocator of the program, for every executor"
};

/// The program's global allocator: `INNER`, counted on request.
pub struct Counting;

#[global_allocator]
static GLOBAL: Counting = Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

fn count(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: every method passes its arguments on to `INNER` unchanged, so
// `INNER`'s guarantees are ours; counting touches no memory it returns.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { INNER.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { INNER.alloc_zeroed(layout) }
    }

    /// A `realloc` counts as one allocation of the new size.
    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> *mut u8 {
        count(new_size);
        unsafe { INNER.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) }
    }
}

/// Allocations made, on every thread, between `start` and `stop`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Allocations {
    pub count: u64,
    pub bytes: u64,
}

/// Zeroes the counts and starts counting.
pub fn start() {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    BYTES.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
}

/// Stops counting and returns what was counted since `start`.
pub fn stop() -> Allocations {
    COUNTING.store(false, Ordering::SeqCst);
    Allocations {
        count: ALLOCATIONS.load(Ordering::SeqCst),
        bytes: BYTES.load(Ordering::SeqCst),
    }
}
