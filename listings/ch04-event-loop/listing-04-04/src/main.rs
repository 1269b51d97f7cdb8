//! Timers in a binary heap. The loop keeps a *virtual* clock: when no
//! callback is ready, it jumps the clock to the earliest deadline instead
//! of sleeping. The program runs in an instant and its output, times
//! included, is the same on every run and every machine.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};
use std::time::Duration;

type Callback = Box<dyn FnOnce(&mut TimerLoop)>;

// ANCHOR: timer
/// A callback and when it is due. `id` breaks ties: of two timers due at
/// the same moment, the one set first runs first.
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
// ANCHOR_END: timer

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

// ANCHOR: loop
struct TimerLoop {
    /// Virtual time since the loop started.
    now: Duration,
    ready: VecDeque<Callback>,
    /// `Reverse` puts the earliest deadline on top of this max-heap.
    timers: BinaryHeap<Reverse<Timer>>,
    next_id: u64,
}

impl TimerLoop {
    fn call_later(
        &mut self,
        delay: Duration,
        callback: impl FnOnce(&mut TimerLoop) + 'static,
    ) {
        self.next_id += 1;
        let (deadline, id) = (self.now + delay, self.next_id);
        let callback = Box::new(callback);
        self.timers.push(Reverse(Timer {
            deadline,
            id,
            callback,
        }));
    }
    // ANCHOR_END: loop

    /// Listing 4-3's `call_soon`, unchanged.
    fn call_soon(&mut self, callback: impl FnOnce(&mut TimerLoop) + 'static) {
        self.ready.push_back(Box::new(callback));
    }

    // ANCHOR: run
    fn run(&mut self) {
        loop {
            while let Some(callback) = self.ready.pop_front() {
                callback(self);
            }
            // Nothing is ready: move the clock to the next deadline (a real
            // loop sleeps until then) and queue every timer due by now.
            let Some(Reverse(next)) = self.timers.peek() else {
                return; // no callbacks, no timers: done
            };
            self.now = self.now.max(next.deadline);
            while let Some(Reverse(t)) = self.timers.peek()
                && t.deadline <= self.now
            {
                let Reverse(timer) = self.timers.pop().expect("peeked");
                self.ready.push_back(timer.callback);
            }
        }
    }
    // ANCHOR_END: run

    fn new() -> TimerLoop {
        let (ready, timers) = (VecDeque::new(), BinaryHeap::new());
        TimerLoop {
            now: Duration::ZERO,
            ready,
            timers,
            next_id: 0,
        }
    }

    fn log(&self, what: &str) {
        println!("[{:>4} ms] {what}", self.now.as_millis());
    }
}

// ANCHOR: main
/// Logs a tick, then sets a timer for the next one.
fn heartbeat(el: &mut TimerLoop, beats_left: u32) {
    el.log("tick");
    if beats_left > 1 {
        let every = Duration::from_millis(250);
        el.call_later(every, move |el| heartbeat(el, beats_left - 1));
    }
}

fn main() {
    let mut el = TimerLoop::new();
    let ms = Duration::from_millis;
    el.call_later(ms(600), |el| el.log("toast is done"));
    el.call_later(ms(500), |el| el.log("first timer set for 500 ms"));
    el.call_later(ms(500), |el| el.log("second timer set for 500 ms"));
    el.call_soon(|el| heartbeat(el, 4));
    el.call_soon(|el| el.log("call_soon runs before any timer"));
    el.run();
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn timers_run_by_deadline_then_in_the_order_they_were_set() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let mut el = TimerLoop::new();
        // Five timers share the 10 ms deadline: only `id` can order them.
        let timers = [
            ("late", 30),
            ("a", 10),
            ("b", 10),
            ("middle", 20),
            ("c", 10),
            ("d", 10),
            ("e", 10),
        ];
        for (label, ms) in timers {
            let seen = Rc::clone(&seen);
            el.call_later(Duration::from_millis(ms), move |el| {
                seen.borrow_mut().push((label, el.now.as_millis()))
            });
        }
        el.run();
        let expected = [
            ("a", 10),
            ("b", 10),
            ("c", 10),
            ("d", 10),
            ("e", 10),
            ("middle", 20),
            ("late", 30),
        ];
        assert_eq!(*seen.borrow(), expected);
    }
}
