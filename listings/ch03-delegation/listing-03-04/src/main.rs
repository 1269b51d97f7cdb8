//! Nested machines are one value: the `Grouper` holds its `Averager` inline,
//! so its size is its own fields plus the averager's, and writing the two
//! as one merged enum by hand gives a machine of the same size.

use std::collections::BTreeMap;
use std::mem::{self, size_of};

// Chapter 2's `CoroutineState`, `Coroutine` and averager (Listing 2-8);
// `Summary` is now also `Clone` and `Copy`.
#[derive(Debug, PartialEq)]
enum CoroutineState<Y, R> {
    Yielded(Y),
    Complete(R),
}

trait Coroutine<I> {
    type Yield;
    type Return;
    fn resume(&mut self, input: I)
    -> CoroutineState<Self::Yield, Self::Return>;
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Summary {
    count: u32,
    mean: Option<f64>,
}

#[derive(Debug)]
enum Averager {
    Running { total: f64, count: u32 },
    Done,
}

impl Averager {
    fn new() -> Self {
        Averager::Running {
            total: 0.0,
            count: 0,
        }
    }
}

impl Coroutine<Option<f64>> for Averager {
    type Yield = f64;
    type Return = Summary;

    fn resume(&mut self, input: Option<f64>) -> CoroutineState<f64, Summary> {
        match (mem::replace(self, Averager::Done), input) {
            (Averager::Running { total, count }, Some(value)) => {
                let (total, count) = (total + value, count + 1);
                *self = Averager::Running { total, count };
                CoroutineState::Yielded(total / f64::from(count))
            }
            (Averager::Running { total, count }, None) => {
                let mean = (count > 0).then(|| total / f64::from(count));
                CoroutineState::Complete(Summary { count, mean })
            }
            (Averager::Done, _) => panic!("averager resumed after completion"),
        }
    }
}

type Results<'k> = BTreeMap<&'k str, Summary>;

/// Listing 3-3's grouper, unchanged.
enum Grouper<'m, 'k> {
    Delegating {
        room: &'k str,
        results: &'m mut Results<'k>,
        inner: Averager,
    },
    Done,
}

impl<'m, 'k> Grouper<'m, 'k> {
    fn new(room: &'k str, results: &'m mut Results<'k>) -> Self {
        let inner = Averager::new();
        Grouper::Delegating {
            room,
            results,
            inner,
        }
    }
}

impl Coroutine<Option<f64>> for Grouper<'_, '_> {
    type Yield = f64;
    type Return = ();

    fn resume(&mut self, input: Option<f64>) -> CoroutineState<f64, ()> {
        let Grouper::Delegating {
            room,
            results,
            inner,
        } = self
        else {
            panic!("grouper resumed after completion");
        };
        match inner.resume(input) {
            CoroutineState::Yielded(average) => {
                CoroutineState::Yielded(average)
            }
            CoroutineState::Complete(summary) => {
                results.insert(room, summary);
                *self = Grouper::Done;
                CoroutineState::Complete(())
            }
        }
    }
}

// ANCHOR: flat
/// The grouper and its averager merged into one enum by hand: the averager's
/// locals sit beside the grouper's, as if its body were pasted in.
enum FlatGrouper<'m, 'k> {
    Running {
        room: &'k str,
        results: &'m mut Results<'k>,
        total: f64,
        count: u32,
    },
    Done,
}
// ANCHOR_END: flat

impl<'m, 'k> FlatGrouper<'m, 'k> {
    fn new(room: &'k str, results: &'m mut Results<'k>) -> Self {
        FlatGrouper::Running {
            room,
            results,
            total: 0.0,
            count: 0,
        }
    }
}

impl Coroutine<Option<f64>> for FlatGrouper<'_, '_> {
    type Yield = f64;
    type Return = ();

    fn resume(&mut self, input: Option<f64>) -> CoroutineState<f64, ()> {
        let FlatGrouper::Running {
            room,
            results,
            total,
            count,
        } = self
        else {
            panic!("grouper resumed after completion");
        };
        if let Some(value) = input {
            *total += value;
            *count += 1;
            return CoroutineState::Yielded(*total / f64::from(*count));
        }
        let mean = (*count > 0).then(|| *total / f64::from(*count));
        results.insert(
            room,
            Summary {
                count: *count,
                mean,
            },
        );
        *self = FlatGrouper::Done;
        CoroutineState::Complete(())
    }
}

/// The averager, grouper and merged grouper again with a `u64` count, so
/// that no padding is left over for the averager's tag. Only measured.
#[allow(dead_code)] // never built: only their sizes matter
enum WideAverager {
    Running { total: f64, count: u64 },
    Done,
}

#[allow(dead_code)]
enum WideGrouper<'m, 'k> {
    Delegating {
        room: &'k str,
        results: &'m mut Results<'k>,
        inner: WideAverager,
    },
    Done,
}

#[allow(dead_code)]
enum WideFlatGrouper<'m, 'k> {
    Running {
        room: &'k str,
        results: &'m mut Results<'k>,
        total: f64,
        count: u64,
    },
    Done,
}

/// Feeds `values` and then `None` into a machine.
fn feed(machine: &mut impl Coroutine<Option<f64>>, values: &[f64]) {
    for &value in values {
        machine.resume(Some(value));
    }
    machine.resume(None);
}

/// Prints one line of the size table.
fn row(name: &str, bytes: usize) {
    println!("  {name:<28}{bytes:>3}");
}

// ANCHOR: main
fn main() {
    println!("sizes in bytes:");
    row("Averager", size_of::<Averager>());
    row(
        "the grouper's own fields",
        size_of::<(&str, &mut Results)>(),
    );
    row("Grouper, averager inside", size_of::<Grouper>());
    row("FlatGrouper, merged by hand", size_of::<FlatGrouper>());
    row("Box<Averager>", size_of::<Box<Averager>>());
    println!("with a u64 count, no padding to spare:");
    row("WideAverager", size_of::<WideAverager>());
    row("WideGrouper, averager inside", size_of::<WideGrouper>());
    row("WideFlatGrouper, merged", size_of::<WideFlatGrouper>());

    let kitchen = [21.5, 22.0, 23.5];
    let (mut nested, mut flat) = (Results::new(), Results::new());
    feed(&mut Grouper::new("kitchen", &mut nested), &kitchen);
    feed(&mut FlatGrouper::new("kitchen", &mut flat), &kitchen);
    println!("same results: {}", nested == flat);
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inner_machine_is_stored_inline() {
        let own_fields = size_of::<(&str, &mut Results)>();
        assert!(size_of::<Grouper>() >= own_fields + size_of::<Averager>());
    }

    #[test]
    fn with_a_u32_count_the_inner_tag_fits_in_padding() {
        // f64 + u32 leaves four spare bytes in the averager for its tag.
        assert_eq!(size_of::<Averager>(), 16);
        assert_eq!(size_of::<Grouper>(), size_of::<FlatGrouper>());
    }

    #[test]
    fn with_a_u64_count_nesting_costs_the_inner_tag() {
        // No spare bytes: the averager grows by a word for its tag, and so
        // does the grouper that holds it; the merged machine has no inner
        // tag to pay for.
        let word = size_of::<u64>();
        assert_eq!(size_of::<WideAverager>(), 16 + word);
        assert_eq!(
            size_of::<WideGrouper>(),
            size_of::<WideFlatGrouper>() + word
        );
    }

    #[test]
    fn the_outer_done_costs_no_byte() {
        // `Done` is stored in a value no `Delegating` can hold, so the
        // grouper is exactly its own fields plus the averager.
        let own_fields = size_of::<(&str, &mut Results)>();
        assert_eq!(size_of::<Grouper>(), own_fields + size_of::<Averager>());
        assert_eq!(size_of::<Option<Averager>>(), size_of::<Averager>());
    }

    #[test]
    fn nested_and_flat_machines_compute_the_same() {
        let values = [3.0, 4.5, 6.0, 10.5];
        let (mut nested, mut flat) = (Results::new(), Results::new());
        feed(&mut Grouper::new("x", &mut nested), &values);
        feed(&mut FlatGrouper::new("x", &mut flat), &values);
        assert_eq!(nested, flat);
        assert_eq!(nested["x"].mean, Some(6.0));
    }
}
