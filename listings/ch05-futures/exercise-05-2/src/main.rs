//! Exercise 5-2, solved: `timeout`, a future that runs another future
//! against the clock: the future's output if it finishes in time, `Elapsed`
//! if the timer fires first. It is a `select` of the future and a `Timer`.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: solution
/// The error of a future that did not finish in time.
#[derive(Debug, PartialEq)]
pub struct Elapsed;

pub struct Timeout<F> {
    future: Pin<Box<F>>,
    timer: Timer,
}

pub fn timeout<F: Future>(limit: Duration, future: F) -> Timeout<F> {
    Timeout {
        future: Box::pin(future),
        timer: Timer::new(limit),
    }
}
// ANCHOR_END: solution

// ANCHOR: solution_poll
impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Self::Output> {
        // The work first: if both are ready, the work done is not wasted.
        if let Poll::Ready(output) = self.future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        if Pin::new(&mut self.timer).poll(cx).is_ready() {
            return Poll::Ready(Err(Elapsed)); // the future is dropped with us
        }
        Poll::Pending
    }
}
// ANCHOR_END: solution_poll

// ANCHOR: main
async fn fetch(name: &'static str, millis: u64) -> &'static str {
    Timer::new(Duration::from_millis(millis)).await;
    name
}

fn main() {
    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(async {
        let limit = Duration::from_millis(300);
        let quick = timeout(limit, fetch("quick", 100)).await;
        println!("quick, 100 ms against 300 ms: {quick:?}");
        let slow = timeout(limit, fetch("slow", 600)).await;
        println!("slow, 600 ms against 300 ms: {slow:?}");
    });
    drop(spawner);
    executor.run();
}
// ANCHOR_END: main

// The executor of Listing 5-4 and the timer of Listing 5-2, unchanged.

/// A spawned future, and the way back onto the run queue.
struct Task {
    /// The future, or `None` once it has completed. Only the executor's
    /// thread polls it; the `Mutex` is there because a waker, and so the
    /// `Task` inside it, may be sent to and shared with other threads.
    future: Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>,
    /// The run queue. Waking the task sends it down this channel.
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // A task woken twice is queued twice; Tokio keeps a "notified" bit
        // in each task's state word so that a task is queued at most once.
        // If the executor is gone, nobody will poll the task: ignore that.
        let _ = self.queue.send(Arc::clone(&self));
    }
}

impl Task {
    /// Polls the task's future once, with a waker that re-queues the task.
    fn poll(self: &Arc<Self>) {
        let mut slot = self.future.lock().unwrap();
        // A task woken after it completed finds `None`: never poll a future
        // again once it has returned `Ready`.
        if let Some(future) = slot.as_mut() {
            let waker = Waker::from(Arc::clone(self));
            let mut cx = Context::from_waker(&waker);
            if future.as_mut().poll(&mut cx).is_ready() {
                *slot = None; // drop the finished future now
            }
        }
    }
}

/// Polls tasks when they are woken. Single-threaded: Tokio's default runtime
/// has a queue per worker thread and lets idle workers steal tasks.
pub struct Executor {
    queue: Receiver<Arc<Task>>,
}

/// Hands new tasks to the executor. Clone it to spawn from inside tasks.
#[derive(Clone)]
pub struct Spawner {
    queue: Sender<Arc<Task>>,
}

pub fn executor_and_spawner() -> (Executor, Spawner) {
    let (sender, receiver) = channel();
    (Executor { queue: receiver }, Spawner { queue: sender })
}

impl Spawner {
    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let future = Mutex::new(Some(Box::pin(future) as Pin<Box<_>>));
        let task = Arc::new(Task {
            future,
            queue: self.queue.clone(),
        });
        // A new task is ready to run: queue it for its first poll.
        self.queue.send(task).expect("the executor is gone");
    }
}

impl Executor {
    /// Runs until every task is done and every `Spawner` is dropped.
    pub fn run(&self) {
        while self.run_next() {}
    }

    /// Waits for a woken task and polls it. Returns `false` when no task
    /// can ever be woken again: every `Task` holds a sender, so the channel
    /// closes once the spawners and the tasks are all gone. (Tokio parks
    /// in the I/O driver here, waiting for sockets, timers and wakers.)
    fn run_next(&self) -> bool {
        match self.queue.recv() {
            Ok(task) => {
                task.poll();
                true
            }
            Err(_) => false,
        }
    }
}

/// A future that becomes ready once `duration` has passed.
pub struct Timer {
    shared: Arc<std::sync::Mutex<Shared>>,
}

/// What the timer thread and the future share.
struct Shared {
    /// Set by the timer thread when the time is up.
    fired: bool,
    /// The waker of the last poll: the one to call when the time is up.
    waker: Option<Waker>,
}

impl Timer {
    pub fn new(duration: Duration) -> Timer {
        let shared = Arc::new(std::sync::Mutex::new(Shared {
            fired: false,
            waker: None,
        }));
        let thread_shared = Arc::clone(&shared);
        // One thread per timer: simple, and wasteful. Tokio keeps all its
        // timers in one wheel, checked by the thread that waits for I/O.
        thread::Builder::new()
            .name("timer".into())
            .spawn(move || {
                thread::sleep(duration);
                let waker = {
                    let mut shared = thread_shared.lock().unwrap();
                    shared.fired = true;
                    shared.waker.take()
                };
                // Wake after unlocking: the woken task may poll at once.
                if let Some(waker) = waker {
                    waker.wake();
                }
            })
            .expect("failed to spawn the timer thread");
        Timer { shared }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared = self.shared.lock().unwrap();
        if shared.fired {
            return Poll::Ready(());
        }
        // Keep the waker of *this* poll. The task may have moved to another
        // executor or thread since the last poll; an old waker could wake
        // the wrong thing, or nothing at all.
        match &mut shared.waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            slot => *slot = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::time::Instant;

    /// Waits until the timer's thread has fired it, so that the next poll
    /// finds both the work and the timer ready.
    fn wait_until_fired(timer: &Timer) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !timer.shared.lock().unwrap().fired {
            assert!(Instant::now() < deadline, "the timer never fired");
            thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn ready_work_wins_when_the_timer_has_fired_too() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut future = timeout(Duration::ZERO, async { 7 });
        wait_until_fired(&future.timer);
        assert_eq!(Pin::new(&mut future).poll(&mut cx), Poll::Ready(Ok(7)));
    }

    #[test]
    fn work_still_pending_when_the_timer_fires_has_elapsed() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut future = timeout(Duration::ZERO, std::future::pending::<()>());
        wait_until_fired(&future.timer);
        let polled = Pin::new(&mut future).poll(&mut cx);
        assert_eq!(polled, Poll::Ready(Err(Elapsed)));
    }

    #[test]
    fn main_runs() {
        // On a thread, with a time limit: a lost wake-up fails the test.
        let runner = std::thread::spawn(super::main);
        let limit = std::time::Duration::from_secs(10);
        let deadline = std::time::Instant::now() + limit;
        while !runner.is_finished() {
            assert!(
                std::time::Instant::now() < deadline,
                "main did not finish in 10 s: a lost wake-up?"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        runner.join().expect("main panicked");
    }
}
