//! Exercise 2-2, a solution: a moving average over the last `n` values, as a
//! coroutine that yields each average and returns the largest one.

use std::collections::VecDeque;

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

// ANCHOR: solution
/// The average of the last `size` values sent in. Like Listing 2-8's
/// averager, it starts parked at its `yield`, and `Done` is a state of its
/// own rather than a flag beside the running state.
#[derive(Debug)]
enum MovingAverage {
    Running {
        size: usize,
        window: VecDeque<f64>,
        /// The largest average yielded so far: the return value.
        peak: Option<f64>,
    },
    Done,
}

impl MovingAverage {
    fn new(size: usize) -> Self {
        assert!(size > 0, "a window holds at least one value");
        let window = VecDeque::with_capacity(size);
        MovingAverage::Running {
            size,
            window,
            peak: None,
        }
    }
}
// ANCHOR_END: solution

// ANCHOR: solution_resume
impl Coroutine<Option<f64>> for MovingAverage {
    type Yield = f64;
    type Return = Option<f64>;

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<f64, Self::Return> {
        let MovingAverage::Running { size, window, peak } = self else {
            panic!("moving average resumed after completion");
        };
        let Some(value) = input else {
            let peak = *peak;
            *self = MovingAverage::Done;
            return CoroutineState::Complete(peak);
        };
        if window.len() == *size {
            window.pop_front();
        }
        window.push_back(value);
        let average = window.iter().sum::<f64>() / window.len() as f64;
        *peak = Some(peak.map_or(average, |p| p.max(average)));
        CoroutineState::Yielded(average)
    }
}
// ANCHOR_END: solution_resume

fn main() {
    let mut moving = MovingAverage::new(3);
    for input in [Some(12.0), Some(18.0), Some(15.0), Some(30.0), None] {
        println!("resume({input:?}) -> {:?}", moving.resume(input));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_only_the_last_values() {
        let mut moving = MovingAverage::new(2);
        assert_eq!(moving.resume(Some(1.0)), CoroutineState::Yielded(1.0));
        assert_eq!(moving.resume(Some(3.0)), CoroutineState::Yielded(2.0));
        assert_eq!(moving.resume(Some(7.0)), CoroutineState::Yielded(5.0));
        assert_eq!(moving.resume(Some(1.0)), CoroutineState::Yielded(4.0));
        assert_eq!(moving.resume(None), CoroutineState::Complete(Some(5.0)));
    }

    #[test]
    fn no_values_means_no_peak() {
        let mut moving = MovingAverage::new(4);
        assert_eq!(moving.resume(None), CoroutineState::Complete(None));
    }

    #[test]
    #[should_panic(expected = "resumed after completion")]
    fn resuming_after_completion_panics() {
        let mut moving = MovingAverage::new(1);
        moving.resume(None);
        moving.resume(Some(1.0));
    }
}
