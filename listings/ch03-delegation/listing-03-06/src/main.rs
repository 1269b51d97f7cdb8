//! Closing a delegating machine: Python's `close` runs the `finally` blocks
//! of the inner generator and then the outer one. In Rust, dropping the
//! outer machine drops the inner one inside it, and a guard's `Drop` plays
//! the part of `finally`.

use std::cell::RefCell;
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

thread_local! {
    /// Which `finally` guards have run, in order (read by the tests).
    static CLOSED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

// ANCHOR: finally
/// A `finally:` block: its `Drop` runs however the machine holding it ends,
/// by returning or by being dropped half-way.
#[derive(Debug)]
struct Finally(&'static str);

impl Drop for Finally {
    fn drop(&mut self) {
        println!("  {} closed", self.0);
        CLOSED.with_borrow_mut(|closed| closed.push(self.0));
    }
}
// ANCHOR_END: finally

// ANCHOR: machines
#[derive(Debug)]
enum Averager {
    Running {
        total: f64,
        count: u32,
        finally: Finally,
    },
    Done,
}

#[derive(Debug)]
enum Delegate {
    Delegating {
        inner: Averager, // fields drop in order: the inner machine first,
        _finally: Finally, // then the outer one's own `finally`
    },
    Done,
}
// ANCHOR_END: machines

impl Averager {
    fn new() -> Self {
        let finally = Finally("averager");
        Averager::Running {
            total: 0.0,
            count: 0,
            finally,
        }
    }
}

impl Coroutine<Option<f64>> for Averager {
    type Yield = f64;
    type Return = Option<f64>;

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<f64, Option<f64>> {
        let old = mem::replace(self, Averager::Done);
        let Averager::Running {
            total,
            count,
            finally,
        } = old
        else {
            panic!("averager resumed after completion");
        };
        match input {
            Some(value) => {
                let (total, count) = (total + value, count + 1);
                *self = Averager::Running {
                    total,
                    count,
                    finally,
                };
                CoroutineState::Yielded(total / f64::from(count))
            }
            // Returning: `finally` goes out of scope here, so it runs.
            None => CoroutineState::Complete(
                (count > 0).then(|| total / f64::from(count)),
            ),
        }
    }
}

impl Delegate {
    fn new() -> Self {
        let (inner, _finally) = (Averager::new(), Finally("delegate"));
        Delegate::Delegating { inner, _finally }
    }
}

impl Coroutine<Option<f64>> for Delegate {
    type Yield = f64;
    type Return = Option<f64>;

    fn resume(
        &mut self,
        input: Option<f64>,
    ) -> CoroutineState<f64, Option<f64>> {
        let Delegate::Delegating { inner, .. } = self else {
            panic!("delegate resumed after completion");
        };
        match inner.resume(input) {
            CoroutineState::Yielded(average) => {
                CoroutineState::Yielded(average)
            }
            CoroutineState::Complete(mean) => {
                *self = Delegate::Done; // drops what is left, `finally` too
                CoroutineState::Complete(mean)
            }
        }
    }
}

// ANCHOR: main
fn main() {
    println!("run to the end:");
    let mut delegate = Delegate::new();
    for input in [Some(21.5), Some(22.0), None] {
        let state = delegate.resume(input);
        println!("  {state:?}");
    }

    println!("abandoned half-way:");
    let mut delegate = Delegate::new();
    for input in [Some(17.0), Some(18.5)] {
        let state = delegate.resume(input);
        println!("  {state:?}");
    }
    println!("  the caller drops it");
    drop(delegate);
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn closed() -> Vec<&'static str> {
        CLOSED.with_borrow(|closed| closed.clone())
    }

    #[test]
    fn completing_runs_both_finally_blocks_inner_first() {
        let mut delegate = Delegate::new();
        delegate.resume(Some(1.0));
        assert!(closed().is_empty());
        assert_eq!(delegate.resume(None), CoroutineState::Complete(Some(1.0)));
        assert_eq!(closed(), ["averager", "delegate"]);
    }

    #[test]
    fn dropping_half_way_runs_both_finally_blocks_inner_first() {
        let mut delegate = Delegate::new();
        delegate.resume(Some(1.0));
        drop(delegate);
        assert_eq!(closed(), ["averager", "delegate"]);
    }

    #[test]
    fn dropping_before_the_first_resume_still_cleans_up() {
        drop(Delegate::new());
        assert_eq!(closed(), ["averager", "delegate"]);
    }
}
