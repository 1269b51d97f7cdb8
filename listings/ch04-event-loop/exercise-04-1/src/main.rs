//! Exercise 4-1, a solution: listing 4-4's loop with timers that can be
//! cancelled. `call_later` returns a handle; `cancel` records its id, and the
//! loop throws cancelled timers away when they reach the top of the heap.
//! That is what asyncio does too: `TimerHandle.cancel` only marks the handle,
//! because removing an item from the middle of a binary heap is slow.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet, VecDeque};
use std::time::Duration;

type Callback = Box<dyn FnOnce(&mut TimerLoop)>;

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
    ready: VecDeque<Callback>,
    timers: BinaryHeap<Reverse<Timer>>,
    /// Timers cancelled but still in the heap.
    cancelled: HashSet<u64>,
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
        TimerHandle(id)
    }

    // ANCHOR: cancel
    /// Cancels a timer that has not fired; does nothing to one that has.
    /// (The scan is linear; asyncio keeps a flag in the handle instead.)
    fn cancel(&mut self, handle: TimerHandle) {
        if self.timers.iter().any(|Reverse(t)| t.id == handle.0) {
            self.cancelled.insert(handle.0);
        }
    }

    /// The deadline of the earliest timer that is not cancelled, after
    /// dropping the cancelled ones above it.
    fn next_deadline(&mut self) -> Option<Duration> {
        while let Some(Reverse(t)) = self.timers.peek()
            && self.cancelled.remove(&t.id)
        {
            self.timers.pop();
        }
        self.timers.peek().map(|Reverse(t)| t.deadline)
    }

    // ANCHOR_END: cancel

    // ANCHOR: run
    fn run(&mut self) {
        loop {
            while let Some(callback) = self.ready.pop_front() {
                callback(self);
            }
            // A cancelled timer must neither run nor move the clock.
            let Some(next) = self.next_deadline() else {
                return;
            };
            self.now = self.now.max(next);
            while let Some(deadline) = self.next_deadline()
                && deadline <= self.now
            {
                let Reverse(timer) = self.timers.pop().expect("peeked");
                self.ready.push_back(timer.callback);
            }
        }
    }
    // ANCHOR_END: run

    fn new() -> TimerLoop {
        TimerLoop {
            now: Duration::ZERO,
            ready: VecDeque::new(),
            timers: BinaryHeap::new(),
            cancelled: HashSet::new(),
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
        assert!(el.cancelled.is_empty());
    }

    #[test]
    fn a_timer_already_queued_to_run_cannot_be_cancelled() {
        let seen = recorder();
        let mut el = TimerLoop::new();
        let s = Rc::clone(&seen);
        let ms = Duration::from_millis;
        // Set first, so it runs first among the timers due at 50 ms.
        let s2 = Rc::clone(&seen);
        let victim = el.call_later(ms(50), move |_| s2.borrow_mut().push(2));
        el.call_later(ms(50), move |el| {
            s.borrow_mut().push(1);
            el.cancel(victim); // already moved to the run queue: too late
        });
        el.run();
        assert_eq!(*seen.borrow(), [2, 1]);
    }
}
