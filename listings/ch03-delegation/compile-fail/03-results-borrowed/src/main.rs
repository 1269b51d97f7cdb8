//! Does not compile: Listing 3-3's caller peeks at the results map while a
//! grouper still holds a mutable borrow of it.

use std::collections::BTreeMap;
use std::mem;

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

/// `results[room] = yield from averager()`, by hand. While it runs it
/// borrows the caller's map, and it writes into it when the averager returns.
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
        let inner = Averager::new(); // no priming: it starts at its yield
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
                results.insert(room, summary); // `results[room] = ...`
                *self = Grouper::Done;
                CoroutineState::Complete(())
            }
        }
    }
}

// ANCHOR: main
fn main() {
    let readings: [(&str, &[f64]); 2] =
        [("kitchen", &[21.5, 22.0, 23.5]), ("attic", &[17.0, 18.5])];
    let mut results = Results::new();
    for (room, values) in readings {
        let mut grouper = Grouper::new(room, &mut results);
        for &value in values {
            grouper.resume(Some(value));
            println!("{} rooms done so far", results.len()); // peek
        }
        grouper.resume(None);
    }
}
// ANCHOR_END: main
