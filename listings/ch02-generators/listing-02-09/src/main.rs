//! An iterator is a coroutine with no input and no return value: one driver
//! runs both the averager of listing 2-8 and any iterator.

use std::fmt::Debug;
use std::mem;

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

#[derive(Debug, PartialEq)]
struct Summary {
    count: u32,
    mean: Option<f64>,
}

#[derive(Debug)]
enum Averager {
    Running { total: f64, count: u32 },
    Done,
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

// ANCHOR: from_iter
/// Any iterator, seen as a coroutine: input `()`, return `()`.
struct FromIter<T>(T);

impl<T: Iterator> Coroutine<()> for FromIter<T> {
    type Yield = T::Item;
    type Return = ();

    fn resume(&mut self, (): ()) -> CoroutineState<T::Item, ()> {
        match self.0.next() {
            Some(item) => CoroutineState::Yielded(item),
            None => CoroutineState::Complete(()),
        }
    }
}
// ANCHOR_END: from_iter

// ANCHOR: drive
/// Resumes `coroutine` with each input until it returns; prints each step.
/// Returns what it returned, or `None` if the inputs ran out first.
fn drive<I, C>(
    mut coroutine: C,
    inputs: impl IntoIterator<Item = I>,
) -> Option<C::Return>
where
    I: Debug,
    C: Coroutine<I>,
    C::Yield: Debug,
{
    for input in inputs {
        print!("  resume({input:?}) -> ");
        match coroutine.resume(input) {
            CoroutineState::Yielded(value) => println!("yielded {value:?}"),
            CoroutineState::Complete(value) => return Some(value),
        }
    }
    None
}
// ANCHOR_END: drive

// ANCHOR: main
fn main() {
    println!("averager:");
    let inputs = [Some(12.0), Some(18.0), None];
    let summary = drive(
        Averager::Running {
            total: 0.0,
            count: 0,
        },
        inputs,
    );
    println!("returned {summary:?}");

    println!("an iterator:");
    let words = FromIter("boil the water".split(' '));
    let end = drive(words, std::iter::repeat(()));
    println!("returned {end:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iterator_coroutine_yields_its_items_then_completes() {
        let mut numbers = FromIter(1..=2);
        assert_eq!(numbers.resume(()), CoroutineState::Yielded(1));
        assert_eq!(numbers.resume(()), CoroutineState::Yielded(2));
        assert_eq!(numbers.resume(()), CoroutineState::Complete(()));
    }

    #[test]
    fn drive_returns_the_return_value() {
        let averager = Averager::Running {
            total: 0.0,
            count: 0,
        };
        let summary = drive(averager, [Some(2.0), Some(4.0), None]);
        let expected = Summary {
            count: 2,
            mean: Some(3.0),
        };
        assert_eq!(summary, Some(expected));
    }

    #[test]
    fn drive_stops_when_inputs_run_out() {
        let averager = Averager::Running {
            total: 0.0,
            count: 0,
        };
        assert_eq!(drive(averager, [Some(2.0)]), None);
    }
}
