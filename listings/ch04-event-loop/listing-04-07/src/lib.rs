//! A single-threaded event loop, written by hand: a run queue of callbacks,
//! timers in a binary heap, and a poller that sleeps until a socket is ready
//! or the next timer is due. It is the loop of Python's `asyncio` with the
//! coroutines taken out, and the loop chapter 5 turns into an executor.
//!
//! Shortcuts, named so nobody mistakes this for production code:
//! - every wait registers the socket with the poller and removes it again
//!   when it fires (two system calls); mio and Tokio register a socket once
//!   and keep it registered for its whole life;
//! - callbacks can only be scheduled from the loop's own thread (Python's
//!   `call_soon_threadsafe` is exercise 4-2);
//! - timers cannot be cancelled (exercise 4-1 adds it to listing 4-4).
//!
//! `polling` uses epoll on Linux, kqueue on macOS and the BSDs, and on
//! Windows the AFD driver's poll requests, completed through an I/O
//! completion port.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::io;
use std::time::{Duration, Instant};

use polling::{AsSource, Event, Events, Poller};

// ANCHOR: types
/// A piece of work for the loop: it runs once and may schedule more.
pub type Callback = Box<dyn FnOnce(&mut EventLoop)>;

/// The loop: everything it will ever run is in one of three places.
pub struct EventLoop {
    /// Callbacks that can run now, in the order they were scheduled.
    ready: VecDeque<Callback>,
    /// Callbacks waiting for a moment; the earliest deadline on top.
    timers: BinaryHeap<Reverse<Timer>>,
    /// Callbacks waiting for a socket, by the key the poller reports.
    waiting: HashMap<usize, Box<dyn Waiter>>,
    /// The operating system's readiness API (epoll, kqueue, AFD polls).
    poller: Poller,
    /// Reused between waits, so waiting does not allocate.
    events: Events,
    /// Gives each timer and each wait a number no other one has.
    next_id: u64,
    /// How many times `poller.wait` has returned: the loop's wake-ups.
    wakeups: u64,
    /// Set by `stop`: `run` returns after the current pass.
    stopping: bool,
}
// ANCHOR_END: types

/// A callback with the moment it is due. `id` breaks ties, so two timers
/// due at the same instant run in the order they were set.
struct Timer {
    deadline: Instant,
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

// ANCHOR: wait_for
struct Waiting<S, F> {
    source: S,
    callback: F,
}

impl EventLoop {
    fn wait_for<S, F>(
        &mut self,
        source: S,
        callback: F,
        interest: fn(usize) -> Event,
    ) -> io::Result<()>
    where
        S: AsSource + 'static,
        F: FnOnce(&mut EventLoop, S) + 'static,
    {
        let key = usize::try_from(self.new_id()).expect("ids fit in usize");
        // SAFETY: the source moves into `self.waiting`, which gives it up
        // only after `delete` succeeds (see `queue_ready_sockets`, `Drop`).
        unsafe { self.poller.add(&source.source(), interest(key))? };
        self.waiting
            .insert(key, Box::new(Waiting { source, callback }));
        Ok(())
    }
}
// ANCHOR_END: wait_for

// ANCHOR: waiter
/// What the loop can do with a wait, whatever its socket and callback are.
trait Waiter {
    /// Removes the socket from the poller; the loop keeps the waiter.
    fn deregister(&self, poller: &Poller) -> io::Result<()>;
    /// Uses the waiter up: hands the socket to the callback and calls it.
    fn fire(self: Box<Self>, el: &mut EventLoop);
}

impl<S, F> Waiter for Waiting<S, F>
where
    S: AsSource,
    F: FnOnce(&mut EventLoop, S),
{
    fn deregister(&self, poller: &Poller) -> io::Result<()> {
        poller.delete(&self.source)
    }

    fn fire(self: Box<Self>, el: &mut EventLoop) {
        (self.callback)(el, self.source)
    }
}
// ANCHOR_END: waiter

impl EventLoop {
    pub fn new() -> io::Result<EventLoop> {
        Ok(EventLoop {
            ready: VecDeque::new(),
            timers: BinaryHeap::new(),
            waiting: HashMap::new(),
            poller: Poller::new()?,
            events: Events::new(),
            next_id: 0,
            wakeups: 0,
            stopping: false,
        })
    }

    /// Runs `callback` on the loop's next pass (asyncio's `call_soon`).
    pub fn call_soon(
        &mut self,
        callback: impl FnOnce(&mut EventLoop) + 'static,
    ) {
        self.ready.push_back(Box::new(callback));
    }

    /// Runs `callback` once `delay` has passed (asyncio's `call_later`).
    pub fn call_later(
        &mut self,
        delay: Duration,
        callback: impl FnOnce(&mut EventLoop) + 'static,
    ) {
        self.call_at(Instant::now() + delay, callback);
    }

    /// Runs `callback` once `deadline` has come (asyncio's `call_at`). Two
    /// timers with the same deadline run in the order they were set.
    pub fn call_at(
        &mut self,
        deadline: Instant,
        callback: impl FnOnce(&mut EventLoop) + 'static,
    ) {
        let id = self.new_id();
        let callback = Box::new(callback);
        self.timers.push(Reverse(Timer {
            deadline,
            id,
            callback,
        }));
    }

    /// Takes `source` (a non-blocking socket) and, once it is readable, hands
    /// it back to `callback`. Readable also means "has hung up" or "has an
    /// error": the callback finds out which by reading.
    pub fn when_readable<S, F>(
        &mut self,
        source: S,
        callback: F,
    ) -> io::Result<()>
    where
        S: AsSource + 'static,
        F: FnOnce(&mut EventLoop, S) + 'static,
    {
        self.wait_for(source, callback, Event::readable)
    }

    /// Like `when_readable`, for "a write would not block".
    pub fn when_writable<S, F>(
        &mut self,
        source: S,
        callback: F,
    ) -> io::Result<()>
    where
        S: AsSource + 'static,
        F: FnOnce(&mut EventLoop, S) + 'static,
    {
        self.wait_for(source, callback, Event::writable)
    }

    /// Makes `run` return after the callbacks of this pass (asyncio's
    /// `loop.stop`). Timers and waits stay where they are: a later `run`
    /// continues them, and dropping the loop drops them.
    pub fn stop(&mut self) {
        self.stopping = true;
    }

    /// How many times the loop has woken from `poller.wait` so far.
    pub fn wakeups(&self) -> u64 {
        self.wakeups
    }

    /// How many sockets the loop is waiting for, registered in the poller.
    pub fn waiting_sockets(&self) -> usize {
        self.waiting.len()
    }

    /// How many timers are set and not yet due.
    pub fn pending_timers(&self) -> usize {
        self.timers.len()
    }

    fn new_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    // ANCHOR: run
    /// Runs until there is nothing left to do (no ready callback, no timer
    /// and no socket being waited for) or until a callback calls `stop`.
    pub fn run(&mut self) -> io::Result<()> {
        loop {
            self.run_ready();
            if std::mem::take(&mut self.stopping) || self.is_idle() {
                return Ok(());
            }
            self.sleep()?;
            self.queue_ready_sockets()?;
            self.queue_due_timers();
        }
    }

    /// Runs the callbacks queued before this pass. What they schedule
    /// waits for the next pass, so sockets and timers get their turn even
    /// if a callback keeps scheduling itself.
    fn run_ready(&mut self) {
        for _ in 0..self.ready.len() {
            let callback = self.ready.pop_front().expect("counted");
            callback(self);
        }
    }

    // ANCHOR_END: run

    fn is_idle(&self) -> bool {
        self.ready.is_empty()
            && self.timers.is_empty()
            && self.waiting.is_empty()
    }

    // ANCHOR: wake
    fn sleep(&mut self) -> io::Result<()> {
        let timeout = if self.ready.is_empty() {
            self.timers.peek().map(|Reverse(t)| {
                t.deadline.saturating_duration_since(Instant::now())
            })
        } else {
            Some(Duration::ZERO)
        };
        self.events.clear();
        self.poller.wait(&mut self.events, timeout)?;
        self.wakeups += 1;
        Ok(())
    }

    fn queue_ready_sockets(&mut self) -> io::Result<()> {
        for event in self.events.iter() {
            if let Some(waiter) = self.waiting.remove(&event.key) {
                if let Err(e) = waiter.deregister(&self.poller) {
                    self.waiting.insert(event.key, waiter); // see `Drop`
                    return Err(e);
                }
                self.ready.push_back(Box::new(|el| waiter.fire(el)));
            }
        }
        Ok(())
    }
    // ANCHOR_END: wake

    /// Listing 4-4's loop, with the real clock.
    fn queue_due_timers(&mut self) {
        let now = Instant::now();
        while let Some(Reverse(timer)) = self.timers.peek()
            && timer.deadline <= now
        {
            let Reverse(timer) = self.timers.pop().expect("peeked");
            self.ready.push_back(timer.callback);
        }
    }
}

impl Drop for EventLoop {
    /// Keeps `Poller::add`'s promise for the sockets still waited for: each
    /// is deleted from the poller before it closes. One the poller will not
    /// let go of is leaked, open, rather than closed while watched.
    fn drop(&mut self) {
        for (_, waiter) in self.waiting.drain() {
            if waiter.deregister(&self.poller).is_err() {
                std::mem::forget(waiter);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::rc::Rc;

    /// Runs `test` in a thread of its own and fails, instead of hanging,
    /// if it has not finished within a minute.
    fn within_a_minute(test: impl FnOnce() + Send + 'static) {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            test();
            done.send(()).unwrap();
        });
        finished
            .recv_timeout(Duration::from_secs(60))
            .expect("the test finished in time, without panicking");
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// A log the callbacks write into, shared with the test.
    fn log() -> Rc<RefCell<Vec<String>>> {
        Rc::new(RefCell::new(Vec::new()))
    }

    #[test]
    fn callbacks_run_in_order_and_can_schedule_more() {
        within_a_minute(|| {
            let mut el = EventLoop::new().unwrap();
            let seen = log();
            for name in ["a", "b"] {
                let seen = Rc::clone(&seen);
                el.call_soon(move |el| {
                    seen.borrow_mut().push(format!("{name}1"));
                    let seen = Rc::clone(&seen);
                    el.call_soon(move |_| {
                        seen.borrow_mut().push(format!("{name}2"))
                    });
                });
            }
            el.run().unwrap();
            assert_eq!(*seen.borrow(), ["a1", "b1", "a2", "b2"]);
        });
    }

    #[test]
    fn timers_fire_by_deadline_then_by_insertion() {
        within_a_minute(|| {
            let mut el = EventLoop::new().unwrap();
            let seen = log();
            // Deadlines computed once, so that the ties are exact: only the
            // timers' ids can order the five set for `tie`.
            let start = Instant::now();
            let (early, tie) = (start + ms(10), start + ms(30));
            let timers = [
                ("late", start + ms(60)),
                ("a", tie),
                ("b", tie),
                ("early", early),
                ("c", tie),
                ("d", tie),
                ("e", tie),
            ];
            for (name, deadline) in timers {
                let seen = Rc::clone(&seen);
                el.call_at(deadline, move |_| {
                    seen.borrow_mut().push(name.to_string())
                });
            }
            el.run().unwrap();
            // A timer never fires early; it may fire late on a busy machine.
            assert!(start.elapsed() >= ms(60));
            let expected = ["early", "a", "b", "c", "d", "e", "late"];
            assert_eq!(*seen.borrow(), expected);
        });
    }

    #[test]
    fn call_later_orders_by_delay() {
        within_a_minute(|| {
            let mut el = EventLoop::new().unwrap();
            let seen = log();
            for (name, delay) in [("third", 30), ("first", 10), ("second", 20)]
            {
                let seen = Rc::clone(&seen);
                el.call_later(ms(delay), move |_| {
                    seen.borrow_mut().push(name.to_string())
                });
            }
            el.run().unwrap();
            assert_eq!(*seen.borrow(), ["first", "second", "third"]);
        });
    }

    #[test]
    fn a_callback_that_requeues_itself_does_not_starve_timers() {
        within_a_minute(|| {
            fn spin(
                el: &mut EventLoop,
                done: Rc<RefCell<bool>>,
                turns: Rc<RefCell<u64>>,
            ) {
                *turns.borrow_mut() += 1;
                if !*done.borrow() {
                    el.call_soon(move |el| spin(el, done, turns));
                }
            }
            let mut el = EventLoop::new().unwrap();
            let done = Rc::new(RefCell::new(false));
            let turns = Rc::new(RefCell::new(0));
            let flag = Rc::clone(&done);
            el.call_later(Duration::from_millis(20), move |_| {
                *flag.borrow_mut() = true
            });
            let (d, t) = (Rc::clone(&done), Rc::clone(&turns));
            el.call_soon(move |el| spin(el, d, t));
            el.run().unwrap();
            assert!(*done.borrow());
            assert!(*turns.borrow() > 1);
        });
    }

    #[test]
    fn readable_hands_the_socket_back_with_data_waiting() {
        within_a_minute(|| {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let mut client =
                TcpStream::connect(listener.local_addr().unwrap()).unwrap();
            let (server, _) = listener.accept().unwrap();
            server.set_nonblocking(true).unwrap();
            let got = log();
            let mut el = EventLoop::new().unwrap();
            let sink = Rc::clone(&got);
            el.when_readable(server, move |_, mut server: TcpStream| {
                let mut buf = [0; 16];
                let n = server.read(&mut buf).unwrap();
                sink.borrow_mut()
                    .push(String::from_utf8_lossy(&buf[..n]).into());
            })
            .unwrap();
            client.write_all(b"hi").unwrap();
            el.run().unwrap();
            assert_eq!(*got.borrow(), ["hi"]);
        });
    }

    #[test]
    fn stop_returns_and_a_later_run_continues() {
        within_a_minute(|| {
            let mut el = EventLoop::new().unwrap();
            let seen = log();
            let (a, b) = (Rc::clone(&seen), Rc::clone(&seen));
            el.call_soon(move |el| {
                a.borrow_mut().push("stop".to_string());
                el.stop();
            });
            el.call_later(Duration::from_millis(5), move |_| {
                b.borrow_mut().push("timer".to_string())
            });
            el.run().unwrap();
            assert_eq!(*seen.borrow(), ["stop"]);
            el.run().unwrap();
            assert_eq!(*seen.borrow(), ["stop", "timer"]);
        });
    }

    #[test]
    fn dropping_a_loop_with_waiting_sockets_is_clean() {
        within_a_minute(|| {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.set_nonblocking(true).unwrap();
            let mut el = EventLoop::new().unwrap();
            el.when_readable(listener, |_, _| unreachable!("nobody connects"))
                .unwrap();
            drop(el); // deregisters, then closes, the listener
        });
    }
}
