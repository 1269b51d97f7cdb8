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
/// The average of the last `size` values sent in.
#[derive(Debug)]
struct MovingAverage {
    size: usize,
    window: VecDeque<f64>,
    /// The largest average yielded so far: the return value.
    peak: Option<f64>,
    done: bool,
}

impl MovingAverage {
    fn new(size: usize) -> Self {
        assert!(size > 0, "a window holds at least one value");
        MovingAverage {
            size,
            window: VecDeque::with_capacity(size),
            peak: None,
            done: false,
        }
    }
}

impl Coroutine<Option<f64>> for MovingAverage {
    type Yield = f64;
    type Return = Option<f64>;

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<f64, Self::Return> {
        assert!(!self.done, "moving average resumed after completion");
        let Some(value) = input else {
            self.done = true;
            return CoroutineState::Complete(self.peak);
        };
        if self.window.len() == self.size {
            self.window.pop_front();
        }
        self.window.push_back(value);
        let average =
            self.window.iter().sum::<f64>() / self.window.len() as f64;
        self.peak = Some(self.peak.map_or(average, |peak| peak.max(average)));
        CoroutineState::Yielded(average)
    }
}
// ANCHOR_END: solution

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
