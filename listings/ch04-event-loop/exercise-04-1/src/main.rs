//! Exercise 4-1, a solution: listing 4-4's loop with timers that can be
//! cancelled. `call_later` returns a handle, and the loop keeps the ids of
//! the timers that are still to run; `cancel` takes an id out of that set.
//! A cancelled timer stays where it is, in the heap or in the run queue, and
//! the loop throws it away when it reaches the top of the heap or the front
//! of the queue. That is what asyncio does too: `TimerHandle.cancel` only
//! marks the handle, because removing an item from the middle of a binary
//! heap is slow.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet, VecDeque};
use std::time::Duration;

type Callback = Box<dyn FnOnce(&mut TimerLoop)>;

/// A timer's callback with the timer's id, which travels with it from the
/// heap to the run queue, so that a cancel can still find it there.
struct Timer {
    deadline: Duration,
    id: u64,
    callback: Callback,
}

impl Ord for Timer {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.deadline, self.id).cmp(&(other.deadline, other.id))
    }
}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timer {}

// ANCHOR: handle
/// Names one timer, so it can be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct TimerHandle(u64);

struct TimerLoop {
    now: Duration,
    /// Timers that are due, in the order they will run, with their ids.
    ready: VecDeque<(u64, Callback)>,
    timers: BinaryHeap<Reverse<Timer>>,
    /// Timers set and neither run nor cancelled yet, in the heap or the
    /// run queue.
    pending: HashSet<u64>,
    next_id: u64,
}

// ANCHOR_END: handle

impl TimerLoop {
    fn call_later(
        &mut self,
        delay: Duration,
        callback: impl FnOnce(&mut TimerLoop) + 'static,
    ) -> TimerHandle {
        self.next_id += 1;
        let (deadline, id) = (self.now + delay, self.next_id);
        let callback = Box::new(callback);
        self.timers.push(Reverse(Timer {
            deadline,
            id,
            callback,
        }));
        self.pending.insert(id);
        TimerHandle(id)
    }

    // ANCHOR: cancel
    /// Cancels a timer that has not run, whether it still waits in the heap
    /// or is already due in the run queue; does nothing to one that has run.
    fn cancel(&mut self, handle: TimerHandle) {
        self.pending.remove(&handle.0);
    }

    /// The deadline of the earliest timer that is not cancelled, after
    /// dropping the cancelled ones above it.
    fn next_deadline(&mut self) -> Option<Duration> {
        while let Some(Reverse(t)) = self.timers.peek()
            && !self.pending.contains(&t.id)
        {
            self.timers.pop();
        }
        self.timers.peek().map(|Reverse(t)| t.deadline)
    }

    // ANCHOR_END: cancel

    // ANCHOR: run
    fn run(&mut self) {
        loop {
            while let Some((id, callback)) = self.ready.pop_front() {
                // An earlier callback of this pass may have cancelled it.
                if self.pending.remove(&id) {
                    callback(self);
                }
            }
            // A cancelled timer must neither run nor move the clock.
            let Some(next) = self.next_deadline() else {
                return;
            };
            self.now = self.now.max(next);
            while let Some(deadline) = self.next_deadline()
                && deadline <= self.now
            {
                let Reverse(t) = self.timers.pop().expect("peeked");
                self.ready.push_back((t.id, t.callback));
            }
        }
    }
    // ANCHOR_END: run

    fn new() -> TimerLoop {
        TimerLoop {
            now: Duration::ZERO,
            ready: VecDeque::new(),
            timers: BinaryHeap::new(),
            pending: HashSet::new(),
            next_id: 0,
        }
    }

    fn log(&self, what: &str) {
        println!("[{:>4} ms] {what}", self.now.as_millis());
    }
}

// ANCHOR: main
/// A download with a one-second timeout that finishes in 300 ms: when it
/// finishes it cancels the timeout, so the loop ends at 300 ms.
fn main() {
    let mut el = TimerLoop::new();
    let ms = Duration::from_millis;
    let timeout = el.call_later(ms(1000), |el| el.log("timed out!"));
    el.call_later(ms(300), move |el| {
        el.log("download finished; cancel the timeout");
        el.cancel(timeout);
    });
    el.run();
    el.log("loop done");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    fn recorder() -> Rc<RefCell<Vec<u64>>> {
        Rc::new(RefCell::new(Vec::new()))
    }

    #[test]
    fn cancelled_timers_neither_run_nor_move_the_clock() {
        let seen = recorder();
        let mut el = TimerLoop::new();
        let mut handles = Vec::new();
        for ms in [10, 20, 30, 40] {
            let seen = Rc::clone(&seen);
            let h = el.call_later(Duration::from_millis(ms), move |_| {
                seen.borrow_mut().push(ms)
            });
            handles.push(h);
        }
        el.cancel(handles[1]);
        el.cancel(handles[3]); // the last one: the loop must end at 30 ms
        el.run();
        assert_eq!(*seen.borrow(), [10, 30]);
        assert_eq!(el.now, Duration::from_millis(30));
    }

    #[test]
    fn cancelling_a_fired_or_unknown_timer_does_nothing() {
        let seen = recorder();
        let mut el = TimerLoop::new();
        let s = Rc::clone(&seen);
        let first = el.call_later(Duration::from_millis(5), move |_| {
            s.borrow_mut().push(5)
        });
        el.run();
        el.cancel(first); // already fired
        el.cancel(TimerHandle(999)); // never existed
        let s = Rc::clone(&seen);
        el.call_later(Duration::from_millis(5), move |_| {
            s.borrow_mut().push(10)
        });
        el.run();
        assert_eq!(*seen.borrow(), [5, 10]);
        assert!(el.pending.is_empty());
    }

    #[test]
    fn a_timer_already_in_the_run_queue_can_still_be_cancelled() {
        let seen = recorder();
        let mut el = TimerLoop::new();
        let ms = Duration::from_millis;
        // Both are due at 50 ms, so one pass moves both to the run queue.
        // The canceller was set first, so it runs first, while the victim
        // waits behind it in the queue: a loop that checks cancellation only
        // at the top of the heap would run the victim anyway.
        let s = Rc::clone(&seen);
        let victim = Rc::new(RefCell::new(None));
        let target = Rc::clone(&victim);
        el.call_later(ms(50), move |el| {
            s.borrow_mut().push(1);
            el.cancel(target.borrow().expect("the victim was set"));
        });
        let s = Rc::clone(&seen);
        let handle = el.call_later(ms(50), move |_| s.borrow_mut().push(2));
        *victim.borrow_mut() = Some(handle);
        el.run();
        assert_eq!(*seen.borrow(), [1], "the cancelled timer ran");
        assert!(el.pending.is_empty());
    }
}
