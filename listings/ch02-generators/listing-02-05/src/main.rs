//! A coroutine you send values into: a running average, written as a struct
//! whose `send` method plays the part of Python's `generator.send`.

// ANCHOR: averager
/// The locals of Python's `running_average`, kept between sends.
#[derive(Debug, Default)]
struct RunningAverage {
    total: f64,
    count: u32,
}

impl RunningAverage {
    /// Takes one value in and hands the new average out, like one
    /// `average = yield average` round trip in Python.
    fn send(&mut self, value: f64) -> f64 {
        self.total += value;
        self.count += 1;
        self.total / f64::from(self.count)
    }
}
// ANCHOR_END: averager

// ANCHOR: main
fn main() {
    let mut average = RunningAverage::default(); // no priming needed
    for millis in [12.0, 18.0, 15.0, 31.0] {
        let now = average.send(millis);
        println!("sent {millis:>4}, average {now:.2}");
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_what_was_sent_so_far() {
        let mut average = RunningAverage::default();
        assert_eq!(average.send(10.0), 10.0);
        assert_eq!(average.send(20.0), 15.0);
        assert_eq!(average.send(30.0), 20.0);
    }

    #[test]
    fn two_averagers_do_not_share_state() {
        let mut a = RunningAverage::default();
        let mut b = RunningAverage::default();
        a.send(100.0);
        assert_eq!(b.send(1.0), 1.0);
        assert_eq!(a.send(0.0), 50.0);
    }
}
