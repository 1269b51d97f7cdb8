//! Throwing into a machine: Python's `gen.throw(exc)` becomes an `Err`
//! input. The averager handles a glitch and carries on; a fault it cannot
//! handle ends it with an error, which the delegating machine passes on,
//! the way an exception leaves through `yield from`.

use std::mem;

// Chapter 2's `CoroutineState` and `Coroutine` (Listing 2-8).
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

// ANCHOR: fault
/// What can be thrown in instead of a reading.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// One bad reading: the averager skips it and carries on.
    Glitch,
    /// The sensor is gone: the averager cannot carry on.
    Dead,
}

/// A reading, the end of the readings (`Ok(None)`), or a fault.
type Input = Result<Option<f64>, Fault>;
// ANCHOR_END: fault

#[derive(Debug, Clone, Copy, PartialEq)]
struct Summary {
    count: u32,
    skipped: u32,
    mean: Option<f64>,
}

// ANCHOR: state
/// The averager's locals: what it has added up, counted and skipped.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    total: f64,
    count: u32,
    skipped: u32,
}

/// Chapter 2's averager, keeping count of the glitches it skipped.
enum Averager {
    Running(Tally),
    Done,
}
// ANCHOR_END: state

impl Averager {
    fn new() -> Self {
        Averager::Running(Tally::default())
    }
}

impl Tally {
    fn add(&mut self, value: f64) {
        self.total += value;
        self.count += 1;
    }

    fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total / f64::from(self.count))
    }

    fn summary(&self) -> Summary {
        let (count, skipped, mean) = (self.count, self.skipped, self.mean());
        Summary {
            count,
            skipped,
            mean,
        }
    }
}

// ANCHOR: resume
impl Coroutine<Input> for Averager {
    type Yield = Option<f64>; // the mean so far, `None` before any reading
    type Return = Result<Summary, Fault>;

    fn resume(
        &mut self,
        input: Input,
    ) -> CoroutineState<Self::Yield, Self::Return> {
        let Averager::Running(tally) = self else {
            panic!("averager resumed after completion");
        };
        match input {
            Ok(Some(value)) => tally.add(value),
            Err(Fault::Glitch) => tally.skipped += 1, // handled: carry on
            Ok(None) => {
                let summary = tally.summary();
                *self = Averager::Done;
                return CoroutineState::Complete(Ok(summary));
            }
            Err(fault) => {
                *self = Averager::Done; // not handled: it ends the averager
                return CoroutineState::Complete(Err(fault));
            }
        }
        CoroutineState::Yielded(tally.mean())
    }
}
// ANCHOR_END: resume

/// Listing 3-7's `YieldFrom`, unchanged: an error is just another input.
enum YieldFrom<C, F> {
    Delegating { inner: C, then: F },
    Done,
}

fn yield_from<C, F>(inner: C, then: F) -> YieldFrom<C, F> {
    YieldFrom::Delegating { inner, then }
}

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

// ANCHOR: main
/// `return room, (yield from averager())`: the code after `yield from`
/// runs only if the averager returned; an error passes straight on.
fn grouper(
    room: &str,
) -> impl Coroutine<
    Input,
    Yield = Option<f64>,
    Return = Result<(&str, Summary), Fault>,
> {
    yield_from(Averager::new(), move |result: Result<Summary, Fault>| {
        result.map(|summary| (room, summary))
    })
}

fn main() {
    let kitchen =
        [Ok(Some(21.5)), Err(Fault::Glitch), Ok(Some(22.0)), Ok(None)];
    let attic = [Ok(Some(17.0)), Err(Fault::Dead)];
    for (room, inputs) in [("kitchen", &kitchen[..]), ("attic", &attic[..])] {
        println!("{room}:");
        let mut machine = grouper(room);
        for &input in inputs {
            println!("  {input:?} -> {:?}", machine.resume(input));
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glitch_is_skipped_and_the_averager_carries_on() {
        let mut machine = grouper("hall");
        assert_eq!(
            machine.resume(Err(Fault::Glitch)),
            CoroutineState::Yielded(None)
        );
        assert_eq!(
            machine.resume(Ok(Some(4.0))),
            CoroutineState::Yielded(Some(4.0))
        );
        assert_eq!(
            machine.resume(Err(Fault::Glitch)),
            CoroutineState::Yielded(Some(4.0))
        );
        assert_eq!(
            machine.resume(Ok(Some(8.0))),
            CoroutineState::Yielded(Some(6.0))
        );
        let summary = Summary {
            count: 2,
            skipped: 2,
            mean: Some(6.0),
        };
        assert_eq!(
            machine.resume(Ok(None)),
            CoroutineState::Complete(Ok(("hall", summary)))
        );
    }

    #[test]
    fn a_dead_sensor_ends_both_machines_with_its_error() {
        let mut machine = grouper("hall");
        machine.resume(Ok(Some(4.0)));
        assert_eq!(
            machine.resume(Err(Fault::Dead)),
            CoroutineState::Complete(Err(Fault::Dead))
        );
    }

    #[test]
    #[should_panic(expected = "yield_from resumed after completion")]
    fn nothing_runs_after_the_error() {
        let mut machine = grouper("hall");
        machine.resume(Err(Fault::Dead));
        machine.resume(Ok(Some(1.0)));
    }
}
