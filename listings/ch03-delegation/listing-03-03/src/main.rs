//! The grouper and the averager, rebuilt: each room's temperature readings
//! go through a delegating `Grouper` into its own averager, and the grouper
//! writes the averager's return value into the caller's map.

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

// ANCHOR: grouper
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
// ANCHOR_END: grouper

// ANCHOR: resume
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
// ANCHOR_END: resume

// ANCHOR: main
fn main() {
    let readings: [(&str, &[f64]); 3] = [
        ("kitchen", &[21.5, 22.0, 23.5]),
        ("attic", &[17.0, 18.5]),
        ("cellar", &[12.0, 11.5, 12.5, 12.0]),
    ];
    let mut results = Results::new();
    for (room, values) in readings {
        let mut grouper = Grouper::new(room, &mut results);
        for &value in values {
            grouper.resume(Some(value)); // yields a running average
        }
        grouper.resume(None); // the averager returns, the grouper stores it
    }
    println!("{:<8} {:>5} {:>6}", "room", "count", "mean");
    for (room, summary) in &results {
        let mean = summary.mean.unwrap_or(f64::NAN);
        println!("{room:<8} {:>5} {mean:>6.2}", summary.count);
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn run(readings: &[(&'static str, &[f64])]) -> Results<'static> {
        let mut results = Results::new();
        for &(room, values) in readings {
            let mut grouper = Grouper::new(room, &mut results);
            for &value in values {
                assert!(matches!(
                    grouper.resume(Some(value)),
                    CoroutineState::Yielded(_)
                ));
            }
            assert_eq!(grouper.resume(None), CoroutineState::Complete(()));
        }
        results
    }

    #[test]
    fn every_group_gets_its_own_average() {
        let results = run(&[("a", &[1.0, 2.0, 3.0]), ("b", &[10.0])]);
        let a = Summary {
            count: 3,
            mean: Some(2.0),
        };
        let b = Summary {
            count: 1,
            mean: Some(10.0),
        };
        assert_eq!(results, Results::from([("a", a), ("b", b)]));
    }

    #[test]
    fn an_empty_group_has_no_mean() {
        let results = run(&[("empty", &[])]);
        let none = Summary {
            count: 0,
            mean: None,
        };
        assert_eq!(results["empty"], none);
    }

    #[test]
    fn yields_the_running_average_on_the_way() {
        let mut results = Results::new();
        let mut grouper = Grouper::new("x", &mut results);
        assert_eq!(grouper.resume(Some(4.0)), CoroutineState::Yielded(4.0));
        assert_eq!(grouper.resume(Some(8.0)), CoroutineState::Yielded(6.0));
    }
}
