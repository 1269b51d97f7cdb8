//! Callbacks and a run queue: the smallest event loop. A callback is a
//! boxed closure that runs once; it may put more callbacks on the queue,
//! and the loop runs them in order until the queue is empty.

use std::collections::VecDeque;

// ANCHOR: queue
/// Work for the loop: runs once, and may schedule more work.
type Callback = Box<dyn FnOnce(&mut RunQueue)>;

struct RunQueue {
    ready: VecDeque<Callback>,
}

impl RunQueue {
    /// Asks the loop to run `callback` after what is already queued.
    fn call_soon(&mut self, callback: impl FnOnce(&mut RunQueue) + 'static) {
        self.ready.push_back(Box::new(callback));
    }

    /// Runs callbacks, first in first out, until none is left.
    fn run(&mut self) {
        while let Some(callback) = self.ready.pop_front() {
            callback(self);
        }
    }
}
// ANCHOR_END: queue

impl RunQueue {
    fn new() -> RunQueue {
        RunQueue {
            ready: VecDeque::new(),
        }
    }
}

// ANCHOR: countdown
/// Does one step of a countdown, then asks to be called again for the
/// next one, instead of looping: that gives everyone else a turn.
fn countdown(q: &mut RunQueue, name: &'static str, n: u32) {
    if n == 0 {
        println!("{name}: done");
        return;
    }
    println!("{name}: {n}");
    q.call_soon(move |q| countdown(q, name, n - 1));
}

fn main() {
    let mut q = RunQueue::new();
    q.call_soon(|q| countdown(q, "rocket", 3));
    q.call_soon(|q| countdown(q, "egg timer", 2));
    q.run();
    println!("queue empty: run returned");
}
// ANCHOR_END: countdown

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn callbacks_run_first_in_first_out() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let mut q = RunQueue::new();
        for i in 0..3 {
            let log = Rc::clone(&log);
            q.call_soon(move |q| {
                log.borrow_mut().push(i);
                let log = Rc::clone(&log);
                q.call_soon(move |_| log.borrow_mut().push(10 + i));
            });
        }
        q.run();
        assert_eq!(*log.borrow(), [0, 1, 2, 10, 11, 12]);
    }
}
