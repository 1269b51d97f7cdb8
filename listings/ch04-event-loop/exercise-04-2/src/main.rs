//! Exercise 4-2, a solution: a loop that other threads can hand callbacks
//! to (asyncio's `call_soon_threadsafe`), and on top of it `run_in_thread`,
//! which runs a blocking job on a thread of its own and hands the result
//! back to the loop (asyncio's `run_in_executor`). The loop is cut down to
//! a run queue and a poller, so the new parts stand out; adding them to
//! listing 4-7's loop is the same work.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io;
use std::rc::Rc;
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use polling::{Events, Poller};

type Callback = Box<dyn FnOnce(&mut EventLoop)>;
/// A callback that may be created on one thread and run on another.
type SendCallback = Box<dyn FnOnce(&mut EventLoop) + Send>;

// ANCHOR: handle
/// What the loop shares with other threads.
struct Shared {
    incoming: Mutex<Vec<SendCallback>>,
    poller: Poller,
}

/// A way into the loop from any thread: cheap to clone, `Send` and `Sync`.
#[derive(Clone)]
pub struct Handle(Arc<Shared>);

impl Handle {
    pub fn call_soon_threadsafe(
        &self,
        callback: impl FnOnce(&mut EventLoop) + Send + 'static,
    ) -> io::Result<()> {
        self.0.lock().push(Box::new(callback));
        // Wakes the loop if it sleeps in `wait`, and if it is not in `wait`
        // yet, makes its next `wait` return at once: no wake-up is lost.
        self.0.poller.notify()
    }
}

// ANCHOR_END: handle

impl Shared {
    /// The callbacks from other threads. Only a push and a take ever run
    /// under this lock, and neither can panic, so it is never poisoned.
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SendCallback>> {
        self.incoming.lock().expect("never poisoned")
    }
}

pub struct EventLoop {
    ready: VecDeque<Callback>,
    shared: Arc<Shared>,
    events: Events,
    /// Jobs out on other threads, with what to do when each is over.
    /// Only the loop's thread touches it, so the callbacks need not be
    /// `Send`.
    jobs: HashMap<u64, Callback>,
    next_job: u64,
    wakeups: u64,
}

// ANCHOR: jobs
impl EventLoop {
    pub fn run_in_thread<T: Send + 'static>(
        &mut self,
        job: impl FnOnce() -> T + Send + 'static,
        then: impl FnOnce(&mut EventLoop, T) + 'static,
    ) {
        self.next_job += 1;
        let id = self.next_job;
        // The result travels in a channel; only the job's id goes
        // through `call_soon_threadsafe`, in `JobOver::drop`.
        let (tx, rx) = mpsc::channel();
        let finish = move |el: &mut EventLoop| match rx.try_recv() {
            Ok(result) => then(el, result),
            Err(_) => eprintln!("job {id} panicked; its callback is dropped"),
        };
        self.jobs.insert(id, Box::new(finish));
        let over = JobOver {
            id,
            handle: self.handle(),
        };
        thread::spawn(move || {
            let _over = over; // dropped last, even if `job` panics
            let _ = tx.send(job()); // blocks this thread, not the loop
        });
    }
}
// ANCHOR_END: jobs

// ANCHOR: over
/// Tells the loop that a job is over, however it ended.
struct JobOver {
    id: u64,
    handle: Handle,
}

impl Drop for JobOver {
    fn drop(&mut self) {
        let id = self.id;
        let over = move |el: &mut EventLoop| {
            if let Some(finish) = el.jobs.remove(&id) {
                finish(el);
            }
        };
        if let Err(e) = self.handle.call_soon_threadsafe(over) {
            eprintln!("cannot wake the loop: {e}");
        }
    }
}
// ANCHOR_END: over

impl EventLoop {
    pub fn new() -> io::Result<EventLoop> {
        let incoming = Mutex::new(Vec::new());
        let shared = Arc::new(Shared {
            incoming,
            poller: Poller::new()?,
        });
        Ok(EventLoop {
            ready: VecDeque::new(),
            shared,
            events: Events::new(),
            jobs: HashMap::new(),
            next_job: 0,
            wakeups: 0,
        })
    }

    pub fn handle(&self) -> Handle {
        Handle(Arc::clone(&self.shared))
    }

    pub fn call_soon(
        &mut self,
        callback: impl FnOnce(&mut EventLoop) + 'static,
    ) {
        self.ready.push_back(Box::new(callback));
    }

    // ANCHOR: run
    /// Runs until nothing is queued, here or in `incoming`, and no job is
    /// out on a thread. A callback another thread sends after that waits
    /// in `incoming` for the next `run`.
    pub fn run(&mut self) -> io::Result<()> {
        loop {
            let incoming = std::mem::take(&mut *self.shared.lock());
            self.ready
                .extend(incoming.into_iter().map(|cb| cb as Callback));
            for _ in 0..self.ready.len() {
                let callback = self.ready.pop_front().expect("counted");
                callback(self);
            }
            let sent = !self.shared.lock().is_empty();
            if self.ready.is_empty() && !sent && self.jobs.is_empty() {
                return Ok(());
            }
            // Sleep until a thread calls `notify`; no timeout needed.
            let timeout =
                (!self.ready.is_empty() || sent).then_some(Duration::ZERO);
            self.events.clear();
            self.shared.poller.wait(&mut self.events, timeout)?;
            self.wakeups += 1;
        }
    }
    // ANCHOR_END: run
}

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut el = EventLoop::new()?;
    let loop_thread = thread::current().id();
    let results = Rc::new(RefCell::new(Vec::new()));
    for (name, ms) in [("slow lookup", 300), ("big file read", 100)] {
        // Stand-ins for blocking calls that have no non-blocking version.
        let job = move || thread::sleep(Duration::from_millis(ms));
        let results = Rc::clone(&results);
        el.run_in_thread(job, move |_, ()| {
            let on_loop = thread::current().id() == loop_thread;
            results.borrow_mut().push((ms, name, on_loop));
        });
    }
    el.call_soon(|_| println!("meanwhile, the loop runs other callbacks"));
    el.run()?;
    // Threads finish in an order the machine decides: sort by duration.
    let mut results = results.take();
    results.sort();
    for (ms, name, on_loop) in results {
        println!("{name} ({ms} ms) came back on the loop's thread: {on_loop}");
    }
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `body` on a fresh loop in its own thread and fails the test,
    /// instead of hanging it, if the loop does not finish within a minute.
    fn run_bounded(
        body: impl FnOnce(&mut EventLoop) + Send + 'static,
    ) -> EventLoopReport {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut el = EventLoop::new().unwrap();
            body(&mut el);
            el.run().unwrap();
            tx.send(EventLoopReport {
                wakeups: el.wakeups,
            })
            .unwrap();
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the loop finished")
    }

    struct EventLoopReport {
        wakeups: u64,
    }

    #[test]
    fn a_hundred_jobs_all_come_back_to_the_loop_thread() {
        let (tx, rx) = mpsc::channel();
        let report = run_bounded(move |el| {
            let loop_thread = thread::current().id();
            for i in 0..100u64 {
                let tx = tx.clone();
                el.run_in_thread(
                    move || i * i,
                    move |_, square| {
                        assert_eq!(thread::current().id(), loop_thread);
                        tx.send(square).unwrap();
                    },
                );
            }
        });
        let mut squares: Vec<u64> = rx.try_iter().collect();
        squares.sort();
        assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
        // Each job wakes the loop at most once, and jobs that finish
        // together share a wake-up.
        assert!(report.wakeups <= 100 + 2, "woke {}", report.wakeups);
    }

    #[test]
    fn a_sleeping_loop_is_woken_by_another_thread() {
        let report = run_bounded(|el| {
            let job = || thread::sleep(Duration::from_millis(100));
            el.run_in_thread(job, |_, ()| ());
        });
        // Slept through the 100 ms: no spinning while it waited.
        assert!(report.wakeups <= 3, "woke {} times", report.wakeups);
    }

    #[test]
    fn a_panicking_job_does_not_hang_the_loop() {
        let (tx, rx) = mpsc::channel();
        run_bounded(move |el| {
            el.run_in_thread(
                || -> u32 { panic!("the job fails") },
                |_, _| unreachable!("no result to hand over"),
            );
            el.run_in_thread(|| 7, move |_, n| tx.send(n).unwrap());
        });
        let n = rx.try_recv().expect("the second job's result came back");
        assert_eq!(n, 7);
    }

    #[test]
    fn run_does_not_return_with_callbacks_still_queued() {
        let (tx, rx) = mpsc::channel();
        run_bounded(move |el| {
            // No job is out: only `incoming` knows about this callback.
            el.call_soon(move |el| {
                let handle = el.handle();
                let queued = handle.call_soon_threadsafe(move |_| {
                    tx.send("ran").unwrap();
                });
                queued.unwrap();
            });
        });
        let ran = rx.try_recv().expect("the callback sent from a handle ran");
        assert_eq!(ran, "ran");
    }
}
