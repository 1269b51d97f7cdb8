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
    fn the_first_value_counts_without_priming() {
        // A machine with a reachable `Created` state would swallow the 12,
        // as Listing 2-7 shows; this one starts parked at its `yield`.
        let mut average = RunningAverage::default();
        assert_eq!(average.send(12.0), 12.0);
    }

    #[test]
    fn gives_what_the_python_session_gives() {
        let mut average = RunningAverage::default();
        let sent = [12.0, 18.0, 15.0, 31.0];
        let got: Vec<f64> = sent.iter().map(|&v| average.send(v)).collect();
        assert_eq!(got, [12.0, 15.0, 15.0, 19.0]);
    }
}
