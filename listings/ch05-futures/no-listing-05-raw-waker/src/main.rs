//! A waker built by hand, without the `Wake` trait: a `RawWaker` is a data
//! pointer and a table of four functions, and a `Waker` calls them. Here the
//! data is an `Arc<Counts>`, and each function counts what it was asked to
//! do, so that `main` can show which call takes a reference to the `Arc`,
//! which gives one back, and which does neither.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::task::{RawWaker, RawWakerVTable, Waker};

/// What the waker's data pointer points to.
#[derive(Default)]
struct Counts {
    clones: AtomicUsize,
    wakes: AtomicUsize,
    wakes_by_ref: AtomicUsize,
    drops: AtomicUsize,
}

// ANCHOR: vtable
/// The four entries every waker has, in this order. The data pointer is
/// one strong reference to an `Arc<Counts>`, made by `Arc::into_raw`.
static VTABLE: RawWakerVTable =
    RawWakerVTable::new(clone_raw, wake_raw, wake_by_ref_raw, drop_raw);

/// Turns one reference to `counts` into a `Waker` that owns it.
fn counting_waker(counts: Arc<Counts>) -> Waker {
    let data = Arc::into_raw(counts).cast::<()>();
    // SAFETY: `data` is a strong reference to an `Arc<Counts>`, and every
    // entry of `VTABLE` treats it as one, as the four comments below say.
    // A `Waker` is `Send` and `Sync`, so the entries may run on any thread:
    // they only touch atomics and the `Arc`'s count, which is fine there.
    unsafe { Waker::from_raw(RawWaker::new(data, &VTABLE)) }
}

/// The counts behind `data`, borrowed: no reference is taken or released.
///
/// # Safety
///
/// `data` must come from `counting_waker` and its `Arc` must be alive.
unsafe fn counts<'a>(data: *const ()) -> &'a Counts {
    unsafe { &*data.cast::<Counts>() }
}
// ANCHOR_END: vtable

// ANCHOR: clone
/// `waker.clone()`: a new waker, so one more reference.
unsafe fn clone_raw(data: *const ()) -> RawWaker {
    // SAFETY: the waker being cloned holds a reference, so `data` is alive.
    unsafe {
        counts(data).clones.fetch_add(1, SeqCst);
        Arc::increment_strong_count(data.cast::<Counts>());
    }
    RawWaker::new(data, &VTABLE)
}
// ANCHOR_END: clone

// ANCHOR: wake
/// `waker.wake()`: takes the waker by value, so it must release its
/// reference. (A real waker would queue its task here.)
unsafe fn wake_raw(data: *const ()) {
    // SAFETY: this waker's reference, alive, and given back exactly once.
    unsafe {
        counts(data).wakes.fetch_add(1, SeqCst);
        drop(Arc::from_raw(data.cast::<Counts>()));
    }
}

/// `waker.wake_by_ref()`: the waker lives on, so its reference stays.
unsafe fn wake_by_ref_raw(data: *const ()) {
    // SAFETY: the waker holds a reference, so `data` is alive.
    unsafe { counts(data).wakes_by_ref.fetch_add(1, SeqCst) };
}

/// Dropping a waker that was not woken by value: release its reference.
unsafe fn drop_raw(data: *const ()) {
    // SAFETY: as in `wake`: a waker is either woken by value or dropped.
    unsafe {
        counts(data).drops.fetch_add(1, SeqCst);
        drop(Arc::from_raw(data.cast::<Counts>()));
    }
}
// ANCHOR_END: wake

/// One line: the `Arc`'s references (ours included), then each count.
fn report(step: &str, counts: &Arc<Counts>) -> String {
    let n = |count: &AtomicUsize| count.load(SeqCst);
    format!(
        "{step:<24} references {}, clones {}, wakes {}, by ref {}, drops {}",
        Arc::strong_count(counts),
        n(&counts.clones),
        n(&counts.wakes),
        n(&counts.wakes_by_ref),
        n(&counts.drops),
    )
}

// ANCHOR: main
fn steps() -> Vec<String> {
    let counts = Arc::new(Counts::default());
    let waker = counting_waker(Arc::clone(&counts));
    let mut lines = vec![report("made a waker", &counts)];
    let copy = waker.clone();
    lines.push(report("cloned it", &counts));
    copy.wake_by_ref();
    lines.push(report("woke the clone by ref", &counts));
    copy.wake(); // consumes `copy`
    lines.push(report("woke the clone", &counts));
    drop(waker);
    lines.push(report("dropped the first", &counts));
    lines
}
// ANCHOR_END: main

fn main() {
    for line in steps() {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_taken_is_given_back_once() {
        let lines = steps();
        let references: Vec<&str> = lines
            .iter()
            .map(|line| line.split(", ").next().unwrap())
            .map(|first| first.rsplit(' ').next().unwrap())
            .collect();
        // Ours, plus the first waker's; plus the clone's; `wake_by_ref`
        // keeps it; `wake` gives it back; the drop gives back the last.
        assert_eq!(references, ["2", "3", "3", "2", "1"]);
        let last = lines.last().unwrap();
        assert!(last.ends_with("clones 1, wakes 1, by ref 1, drops 1"));
    }

    #[test]
    fn a_clone_will_wake_the_same_task_and_nothing_leaks() {
        // `will_wake` compares the data pointers and the vtables.
        let counts = Arc::new(Counts::default());
        let waker = counting_waker(Arc::clone(&counts));
        assert!(waker.will_wake(&waker.clone()));
        assert_eq!(counts.clones.load(SeqCst), 1);
        drop(waker);
        assert_eq!(Arc::strong_count(&counts), 1, "a reference leaked");
    }
}
