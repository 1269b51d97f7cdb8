//! Two delegations in a row: `kitchen = yield from averager()` and then
//! `attic = yield from averager()`. The machine has one state per delegation,
//! so the two averagers share the same bytes, and the kitchen's result is
//! kept only in the state that comes after it.

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

// ANCHOR: survey
/// What the survey hands out: a running average, or a finished room.
#[derive(Debug, PartialEq)]
enum Event {
    Average(f64),
    RoomDone(&'static str, Summary),
}

/// ```python
/// def survey():
///     kitchen = yield from averager()
///     attic = yield from averager()  # its first yield hands out None
///     return kitchen, attic
/// ```
#[derive(Debug)]
enum Survey {
    /// At the first `yield from`: only the kitchen's averager is alive.
    Kitchen {
        inner: Averager,
    },
    /// At the second: the kitchen's result is kept, a new averager runs.
    Attic {
        kitchen: Summary,
        inner: Averager,
    },
    Done,
}
// ANCHOR_END: survey

// ANCHOR: resume
impl Coroutine<Option<f64>> for Survey {
    type Yield = Event;
    type Return = (Summary, Summary);

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<Event, Self::Return> {
        let (Survey::Kitchen { inner } | Survey::Attic { inner, .. }) = self
        else {
            panic!("survey resumed after completion");
        };
        match inner.resume(input) {
            CoroutineState::Yielded(average) => {
                CoroutineState::Yielded(Event::Average(average))
            }
            CoroutineState::Complete(summary) => {
                self.averager_returned(summary)
            }
        }
    }
}
// ANCHOR_END: resume

// ANCHOR: returned
impl Survey {
    /// Runs the code after the current `yield from`, up to the next stop.
    fn averager_returned(
        &mut self,
        summary: Summary,
    ) -> CoroutineState<Event, (Summary, Summary)> {
        match mem::replace(self, Survey::Done) {
            Survey::Kitchen { .. } => {
                let inner = Averager::new(); // parked at its first `yield`
                *self = Survey::Attic {
                    kitchen: summary,
                    inner,
                };
                CoroutineState::Yielded(Event::RoomDone("kitchen", summary))
            }
            Survey::Attic { kitchen, .. } => {
                CoroutineState::Complete((kitchen, summary))
            }
            Survey::Done => unreachable!("only a running survey gets here"),
        }
    }
}
// ANCHOR_END: returned

// ANCHOR: main
fn main() {
    println!(
        "Averager {} bytes, Summary {} bytes",
        size_of::<Averager>(),
        size_of::<Summary>()
    );
    println!("Survey   {} bytes", size_of::<Survey>());

    let mut survey = Survey::Kitchen {
        inner: Averager::new(),
    };
    let inputs = [Some(21.5), Some(22.0), None, Some(17.0), Some(18.5), None];
    for input in inputs {
        println!("{input:?} -> {:?}", survey.resume(input));
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_averagers_share_their_bytes() {
        let both_at_once = 2 * size_of::<Averager>() + size_of::<Summary>();
        assert!(size_of::<Survey>() < both_at_once);
        let largest_state = size_of::<Summary>() + size_of::<Averager>();
        assert!(size_of::<Survey>() >= largest_state);
    }

    #[test]
    fn ends_as_the_python_generator_does() {
        // Python returns ((2, 21.75), (2, 17.75)) for these inputs.
        let mut survey = Survey::Kitchen {
            inner: Averager::new(),
        };
        let inputs = [Some(21.5), Some(22.0), None, Some(17.0), Some(18.5)];
        for input in inputs {
            survey.resume(input);
        }
        let (kitchen, attic) = (
            Summary {
                count: 2,
                mean: Some(21.75),
            },
            Summary {
                count: 2,
                mean: Some(17.75),
            },
        );
        assert_eq!(
            survey.resume(None),
            CoroutineState::Complete((kitchen, attic))
        );
    }

    #[test]
    fn surveys_two_rooms_in_turn() {
        let mut survey = Survey::Kitchen {
            inner: Averager::new(),
        };
        let kitchen = Summary {
            count: 1,
            mean: Some(20.0),
        };
        let attic = Summary {
            count: 2,
            mean: Some(15.0),
        };
        let steps = [
            (Some(20.0), CoroutineState::Yielded(Event::Average(20.0))),
            (
                None,
                CoroutineState::Yielded(Event::RoomDone("kitchen", kitchen)),
            ),
            (Some(10.0), CoroutineState::Yielded(Event::Average(10.0))),
            (Some(20.0), CoroutineState::Yielded(Event::Average(15.0))),
            (None, CoroutineState::Complete((kitchen, attic))),
        ];
        for (input, expected) in steps {
            assert_eq!(survey.resume(input), expected);
        }
    }
}
