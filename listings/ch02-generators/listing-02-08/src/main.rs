//! Termination and return values: our own `CoroutineState` and `Coroutine`,
//! and an averager that yields running averages and returns a summary.

use std::mem;

// ANCHOR: trait
/// What one `resume` produced: the machine stopped at a `yield`, or it
/// returned. Our own copy of the unstable `std::ops::CoroutineState`.
#[derive(Debug, PartialEq)]
enum CoroutineState<Y, R> {
    Yielded(Y),
    Complete(R),
}

/// A machine resumed with an input of type `I`: our own copy of the
/// unstable `std::ops::Coroutine`, without the `Pin` of chapter 5.
trait Coroutine<I> {
    type Yield;
    type Return;
    fn resume(&mut self, input: I)
    -> CoroutineState<Self::Yield, Self::Return>;
}
// ANCHOR_END: trait

// ANCHOR: averager
/// What the averager returns when it is told to stop.
#[derive(Debug, PartialEq)]
struct Summary {
    count: u32,
    mean: Option<f64>,
}

/// Starts at its `yield`, so there is nothing to prime.
#[derive(Debug)]
enum Averager {
    Running { total: f64, count: u32 },
    Done,
}
// ANCHOR_END: averager

// ANCHOR: resume
impl Coroutine<Option<f64>> for Averager {
    type Yield = f64;
    type Return = Summary;

    /// `Some(value)` adds a value and yields the average; `None` stops the
    /// averager, which returns its summary.
    fn resume(&mut self, input: Option<f64>) -> CoroutineState<f64, Summary> {
        // Take the state out, leaving `Done` behind in case we return.
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
// ANCHOR_END: resume

impl Averager {
    fn new() -> Self {
        Averager::Running {
            total: 0.0,
            count: 0,
        }
    }
}

// ANCHOR: main
fn main() {
    let mut averager = Averager::new();
    for input in [Some(12.0), Some(18.0), Some(15.0), Some(31.0), None] {
        let state = averager.resume(input);
        println!("resume({input:?}) -> {state:?}");
    }
    println!("now {averager:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yields_averages_then_returns_a_summary() {
        let mut averager = Averager::new();
        assert_eq!(averager.resume(Some(1.0)), CoroutineState::Yielded(1.0));
        assert_eq!(averager.resume(Some(3.0)), CoroutineState::Yielded(2.0));
        let summary = Summary {
            count: 2,
            mean: Some(2.0),
        };
        assert_eq!(averager.resume(None), CoroutineState::Complete(summary));
    }

    #[test]
    fn stopping_at_once_returns_no_mean() {
        let mut averager = Averager::new();
        let summary = Summary {
            count: 0,
            mean: None,
        };
        assert_eq!(averager.resume(None), CoroutineState::Complete(summary));
    }

    #[test]
    #[should_panic(expected = "resumed after completion")]
    fn resuming_a_finished_averager_panics() {
        let mut averager = Averager::new();
        averager.resume(None);
        averager.resume(Some(1.0));
    }
}
