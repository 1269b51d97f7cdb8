//! Exercise 3-2, a solution: Listing 3-8's survey for any list of rooms.
//! A loop of delegations needs one state with an index, not one per room.

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

#[derive(Debug, PartialEq)]
enum Event {
    Average(f64),
    RoomDone(&'static str, Summary),
}

// ANCHOR: solution
/// Each room's summary, in the order the rooms were visited.
type Report = Vec<(&'static str, Summary)>;

/// ```python
/// def survey(rooms):
///     done = []
///     for room in rooms:
///         summary = yield from averager()  # first yield: None
///         done.append((room, summary))
///     return done
/// ```
enum Survey {
    /// Inside `yield from averager()` for `rooms[index]`: the loop's one
    /// stopping place, whatever the number of rooms.
    Room {
        rooms: &'static [&'static str],
        index: usize,
        done: Report,
        inner: Averager,
    },
    Done,
}

// ANCHOR_END: solution

// ANCHOR: solution_resume
impl Coroutine<Option<f64>> for Survey {
    type Yield = Event;
    type Return = Report;

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<Event, Self::Return> {
        let Survey::Room { inner, .. } = self else {
            panic!("survey resumed after completion");
        };
        match inner.resume(input) {
            CoroutineState::Yielded(average) => {
                CoroutineState::Yielded(Event::Average(average))
            }
            CoroutineState::Complete(summary) => self.room_done(summary),
        }
    }
}
// ANCHOR_END: solution_resume

impl Survey {
    fn new(rooms: &'static [&'static str]) -> Self {
        assert!(!rooms.is_empty(), "a survey needs at least one room");
        let (index, done, inner) = (0, Vec::new(), Averager::new());
        Survey::Room {
            rooms,
            index,
            done,
            inner,
        }
    }
}

// ANCHOR: solution_room_done
impl Survey {
    /// The code after `yield from`: record the room, then go round the
    /// loop into the next room's averager, or return.
    fn room_done(&mut self, summary: Summary) -> CoroutineState<Event, Report> {
        let Survey::Room {
            rooms,
            index,
            done,
            inner,
        } = self
        else {
            unreachable!("only a running survey gets here");
        };
        let room = rooms[*index];
        done.push((room, summary));
        *index += 1;
        if *index < rooms.len() {
            *inner = Averager::new(); // parked at its first `yield`
            return CoroutineState::Yielded(Event::RoomDone(room, summary));
        }
        let Survey::Room { done, .. } = mem::replace(self, Survey::Done) else {
            unreachable!("we were in a room a moment ago");
        };
        CoroutineState::Complete(done)
    }
}
// ANCHOR_END: solution_room_done

fn main() {
    let mut survey = Survey::new(&["kitchen", "attic", "cellar"]);
    let inputs = [
        Some(21.5),
        None,
        Some(17.0),
        Some(18.5),
        None,
        Some(12.0),
        None,
    ];
    for input in inputs {
        println!("{input:?} -> {:?}", survey.resume(input));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_as_the_python_generator_does() {
        // Python returns [('kitchen', (1, 21.5)), ('attic', (2, 17.75)),
        // ('cellar', (1, 12.0))] for these inputs.
        let mut survey = Survey::new(&["kitchen", "attic", "cellar"]);
        let inputs =
            [Some(21.5), None, Some(17.0), Some(18.5), None, Some(12.0)];
        for input in inputs {
            survey.resume(input);
        }
        let summary = |count, mean| Summary {
            count,
            mean: Some(mean),
        };
        let expected = vec![
            ("kitchen", summary(1, 21.5)),
            ("attic", summary(2, 17.75)),
            ("cellar", summary(1, 12.0)),
        ];
        assert_eq!(survey.resume(None), CoroutineState::Complete(expected));
    }

    #[test]
    fn one_room_completes_at_once() {
        let mut survey = Survey::new(&["hall"]);
        assert_eq!(
            survey.resume(Some(3.0)),
            CoroutineState::Yielded(Event::Average(3.0))
        );
        let hall = Summary {
            count: 1,
            mean: Some(3.0),
        };
        assert_eq!(
            survey.resume(None),
            CoroutineState::Complete(vec![("hall", hall)])
        );
    }

    #[test]
    fn each_room_is_averaged_on_its_own() {
        let mut survey = Survey::new(&["a", "b"]);
        survey.resume(Some(10.0));
        let a = Summary {
            count: 1,
            mean: Some(10.0),
        };
        assert_eq!(
            survey.resume(None),
            CoroutineState::Yielded(Event::RoomDone("a", a))
        );
        survey.resume(Some(2.0));
        survey.resume(Some(4.0));
        let b = Summary {
            count: 2,
            mean: Some(3.0),
        };
        assert_eq!(
            survey.resume(None),
            CoroutineState::Complete(vec![("a", a), ("b", b)])
        );
    }

    #[test]
    #[should_panic(expected = "survey resumed after completion")]
    fn resuming_after_completion_panics() {
        let mut survey = Survey::new(&["hall"]);
        survey.resume(None);
        survey.resume(Some(1.0));
    }

    #[test]
    #[should_panic(expected = "at least one room")]
    fn no_rooms_is_refused() {
        Survey::new(&[]);
    }
}
