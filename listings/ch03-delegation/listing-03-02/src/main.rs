//! Delegation in both directions: a machine that sits between its caller
//! and an averager, passes each input down and each yielded value up, and
//! takes the averager's return value, like `result = yield from averager()`.
//! It prints what it forwards, so the output shows both directions.

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

// ANCHOR: delegate
/// `summary = yield from averager(); return (label, summary)`, by hand.
#[derive(Debug)]
enum Delegate {
    /// Inside `yield from`: the inner machine lives here.
    Delegating {
        label: &'static str,
        inner: Averager,
    },
    Done,
}

// ANCHOR_END: delegate

// ANCHOR: resume
impl Coroutine<Option<f64>> for Delegate {
    type Yield = f64;
    type Return = (&'static str, Summary);

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<f64, Self::Return> {
        let Delegate::Delegating { label, inner } = self else {
            panic!("delegate resumed after completion");
        };
        println!("  down: {input:?} to the averager");
        match inner.resume(input) {
            CoroutineState::Yielded(average) => {
                println!("  up:   {average} to the caller");
                CoroutineState::Yielded(average)
            }
            CoroutineState::Complete(summary) => {
                println!("  the averager returned {summary:?}");
                let label = *label; // the code after `yield from` runs on
                *self = Delegate::Done;
                CoroutineState::Complete((label, summary))
            }
        }
    }
}
// ANCHOR_END: resume

// ANCHOR: main
fn main() {
    let mut delegate = Delegate::Delegating {
        label: "kitchen",
        inner: Averager::new(),
    };
    for input in [Some(21.5), Some(22.0), None] {
        println!("caller sends {input:?}");
        let state = delegate.resume(input);
        println!("caller gets {state:?}");
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// The delegate must be invisible: the caller sees exactly what it
    /// would see talking to the averager directly.
    #[test]
    fn behaves_like_the_averager_it_wraps() {
        let inputs = [Some(3.0), Some(5.0), Some(10.0), None];
        let mut direct = Averager::new();
        let mut delegate = Delegate::Delegating {
            label: "x",
            inner: Averager::new(),
        };
        for input in inputs {
            match (direct.resume(input), delegate.resume(input)) {
                (CoroutineState::Yielded(a), CoroutineState::Yielded(b)) => {
                    assert_eq!(a, b);
                }
                (CoroutineState::Complete(a), CoroutineState::Complete(b)) => {
                    assert_eq!(b, ("x", a));
                }
                (a, b) => panic!("out of step: {a:?} and {b:?}"),
            }
        }
        assert!(matches!(delegate, Delegate::Done));
    }

    /// Later listings of this chapter carry a copy of the averager and its
    /// traits, so that each is one file the Playground can run. The copies
    /// must not drift from this one.
    #[test]
    fn the_copies_in_later_listings_are_unchanged() {
        let source = include_str!("main.rs");
        let start = source
            .find("#[derive(Debug, PartialEq)]\nenum CoroutineState")
            .expect("the traits");
        // Split in two: mdBook reads `ANCHOR:` and a name anywhere on a
        // line, string literals included, as an anchor's start.
        let end = source
            .find(concat!("// ANCHOR", ": delegate"))
            .expect("the anchor");
        let shared = source[start..end].trim_end();
        let copies = [
            include_str!("../../listing-03-03/src/main.rs"),
            include_str!("../../listing-03-04/src/main.rs"),
            include_str!("../../listing-03-07/src/main.rs"),
            include_str!("../../listing-03-08/src/main.rs"),
            include_str!("../../exercise-03-2/src/main.rs"),
            include_str!("../../compile-fail/03-results-borrowed/src/main.rs"),
        ];
        for (i, copy) in copies.iter().enumerate() {
            assert!(copy.contains(shared), "copy number {} drifted", i + 1);
        }
    }
}
