//! The running average as Python runs it: an enum that starts before its
//! first `yield`, so it must be primed before it can take a value.

// ANCHOR: machine
/// Python's `running_average`, as a state machine: where it stopped, and the
/// locals alive there.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RunningAverage {
    /// Created: the body has not run, so no `yield` is waiting for a value.
    Created,
    /// Stopped at `value = yield average`, waiting for `value`.
    Suspended { total: f64, count: u32 },
}

// ANCHOR_END: machine

// ANCHOR: resume
impl RunningAverage {
    /// Runs the body to its next `yield`: `input` becomes the value of the
    /// `yield` it stopped at, and the result is what the next `yield` hands
    /// out. `None` in means "no new value", like Python's `next(gen)`.
    fn resume(&mut self, input: Option<f64>) -> Option<f64> {
        match self {
            RunningAverage::Created => {
                // From the top of the body to the first `yield`: no `yield`
                // expression exists yet to receive `input`, so it is lost.
                *self = RunningAverage::Suspended {
                    total: 0.0,
                    count: 0,
                };
                None
            }
            RunningAverage::Suspended { total, count } => {
                if let Some(value) = input {
                    *total += value;
                    *count += 1;
                }
                (*count > 0).then(|| *total / f64::from(*count))
            }
        }
    }
}
// ANCHOR_END: resume

// ANCHOR: main
fn main() {
    let mut average = RunningAverage::Created;
    let primed = average.resume(None); // like next(gen) in Python
    println!("primed: {primed:?}, now {average:?}");
    for millis in [12.0, 18.0, 15.0, 31.0] {
        let now = average.resume(Some(millis));
        println!("sent {millis:>4}, average {now:.2?}");
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priming_yields_nothing_and_stops_at_the_yield() {
        let mut average = RunningAverage::Created;
        assert_eq!(average.resume(None), None);
        assert_eq!(
            average,
            RunningAverage::Suspended {
                total: 0.0,
                count: 0
            }
        );
    }

    #[test]
    fn after_priming_it_averages() {
        let mut average = RunningAverage::Created;
        average.resume(None);
        assert_eq!(average.resume(Some(10.0)), Some(10.0));
        assert_eq!(average.resume(Some(20.0)), Some(15.0));
        assert_eq!(average.resume(None), Some(15.0)); // no new value
    }

    #[test]
    fn the_first_input_is_lost() {
        let mut average = RunningAverage::Created;
        assert_eq!(average.resume(Some(99.0)), None);
        assert_eq!(average.resume(Some(1.0)), Some(1.0));
    }
}
