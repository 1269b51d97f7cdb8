//! `yield from` as a generic type: `YieldFrom` runs any inner coroutine to
//! the end, forwarding both ways, then hands its return value to a closure.
//! The grouper of Listing 3-3 becomes one line.

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

// ANCHOR: yield_from
/// `return then(yield from inner)`, for any inner coroutine.
enum YieldFrom<C, F> {
    Delegating { inner: C, then: F },
    Done,
}

fn yield_from<C, F>(inner: C, then: F) -> YieldFrom<C, F> {
    YieldFrom::Delegating { inner, then }
}

// ANCHOR_END: yield_from

// ANCHOR: resume
impl<I, C, F, R> Coroutine<I> for YieldFrom<C, F>
where
    C: Coroutine<I>,
    F: FnOnce(C::Return) -> R,
{
    type Yield = C::Yield;
    type Return = R;

    fn resume(&mut self, input: I) -> CoroutineState<C::Yield, R> {
        let YieldFrom::Delegating { inner, .. } = self else {
            panic!("yield_from resumed after completion");
        };
        match inner.resume(input) {
            CoroutineState::Yielded(value) => CoroutineState::Yielded(value),
            CoroutineState::Complete(value) => {
                let old = mem::replace(self, YieldFrom::Done);
                let YieldFrom::Delegating { then, .. } = old else {
                    unreachable!("we were delegating a moment ago");
                };
                CoroutineState::Complete(then(value))
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
    let mut results = BTreeMap::new();
    for (room, values) in readings {
        // The whole grouper: `results[room] = yield from averager()`.
        let mut grouper = yield_from(Averager::new(), |summary| {
            results.insert(room, summary);
        });
        for &value in values {
            grouper.resume(Some(value));
        }
        grouper.resume(None);
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

    #[test]
    fn forwards_yields_and_maps_the_return_value() {
        let mut machine =
            yield_from(Averager::new(), |s: Summary| s.count * 10);
        assert_eq!(machine.resume(Some(2.0)), CoroutineState::Yielded(2.0));
        assert_eq!(machine.resume(Some(4.0)), CoroutineState::Yielded(3.0));
        assert_eq!(machine.resume(None), CoroutineState::Complete(20));
    }

    #[test]
    fn nests_like_yield_from_inside_yield_from() {
        let inner = yield_from(Averager::new(), |s: Summary| s.mean);
        let mut outer = yield_from(inner, |mean: Option<f64>| mean.is_some());
        assert_eq!(outer.resume(Some(5.0)), CoroutineState::Yielded(5.0));
        assert_eq!(outer.resume(None), CoroutineState::Complete(true));
    }

    #[test]
    #[should_panic(expected = "resumed after completion")]
    fn resuming_after_completion_panics() {
        let mut machine = yield_from(Averager::new(), |_| ());
        machine.resume(None);
        machine.resume(None);
    }
}
