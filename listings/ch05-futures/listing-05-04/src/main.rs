//! A multi-task executor in about fifty lines. A spawned future becomes a
//! `Task` behind an `Arc`; the task's waker puts the task back on the run
//! queue, an mpsc channel; the executor takes tasks off the queue and polls
//! them, one at a time, on one thread. Comments say what Tokio does instead.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// Under `--cfg loom` (ci/loom.sh), loom's models of the lock and the channel
// replace std's, so that loom can try every interleaving of the threads.
#[cfg(loom)]
use loom::sync::{
    Mutex,
    mpsc::{Receiver, Sender, channel},
};
#[cfg(not(loom))]
use std::sync::{
    Mutex,
    mpsc::{Receiver, Sender, channel},
};

// ANCHOR: task
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
// ANCHOR_END: task

// ANCHOR: poll
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
// ANCHOR_END: poll

// ANCHOR: executor
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
// ANCHOR_END: executor

// ANCHOR: spawn
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
// ANCHOR_END: spawn

// ANCHOR: run
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
// ANCHOR_END: run

// ANCHOR: main
fn main() {
    let (executor, spawner) = executor_and_spawner();
    for (name, millis) in [("a", 600), ("b", 200), ("c", 400)] {
        spawner.spawn(async move {
            println!("{name}: started, sleeping {millis} ms");
            Timer::new(Duration::from_millis(millis)).await;
            println!("{name}: woke up");
        });
    }
    drop(spawner); // or `run` would wait for more tasks forever
    executor.run();
    println!("all tasks done");
}
// ANCHOR_END: main

// The timer of Listing 5-2, unchanged.

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

#[cfg(all(test, not(loom)))]
mod tests;

#[cfg(all(test, loom))]
mod loom_tests;
