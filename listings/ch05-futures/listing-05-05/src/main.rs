//! Traces the executor of Listing 5-4 and prints what happened as a mermaid
//! sequence diagram: every poll and its result, and every wake-up with the
//! thread it came from. The chapter's diagram is this program's output.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: traced
/// Wraps a future and reports each poll, its result, and each wake-up.
struct Traced<F> {
    name: &'static str,
    future: Pin<Box<F>>,
}
// ANCHOR_END: traced

// ANCHOR: traced_poll
impl<F: Future> Future for Traced<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let name = self.name;
        // On our executor, every poll starts with a task off the queue.
        println!("    Q->>E: next: {name}");
        println!("    E->>{name}: poll");
        // Poll the inner future with a waker that reports, then forwards.
        let inner = cx.waker().clone();
        let waker = Waker::from(Arc::new(TracingWaker { name, inner }));
        let result =
            self.future.as_mut().poll(&mut Context::from_waker(&waker));
        let shown = if result.is_ready() {
            "Ready"
        } else {
            "Pending"
        };
        println!("    {name}-->>E: {shown}");
        result
    }
}
// ANCHOR_END: traced_poll

// ANCHOR: waker
struct TracingWaker {
    name: &'static str,
    inner: Waker,
}

impl Wake for TracingWaker {
    fn wake(self: Arc<Self>) {
        // Timer threads are named "timer"; anything else is the task itself.
        let from = match thread::current().name() {
            Some("timer") => "T",
            _ => self.name,
        };
        println!("    {from}-)Q: wake({})", self.name);
        self.inner.wake_by_ref();
    }
}
// ANCHOR_END: waker

// ANCHOR: main
fn main() {
    println!("sequenceDiagram");
    println!("    participant E as executor");
    println!("    participant Q as run queue");
    println!("    participant a as task a");
    println!("    participant b as task b");
    println!("    participant T as timer threads");
    println!("    Note over E,Q: main spawns a and b: both are queued");

    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(traced("a", async {
        println!("    a->>T: Timer::new(400 ms)");
        Timer::new(Duration::from_millis(400)).await;
    }));
    spawner.spawn(traced("b", async {
        println!("    b->>b: yield_now()");
        YieldNow(false).await;
        println!("    b->>T: Timer::new(200 ms)");
        Timer::new(Duration::from_millis(200)).await;
    }));
    drop(spawner);
    executor.run();
    println!("    Note over E,Q: no task and no spawner left: run returns");
}
// ANCHOR_END: main

fn traced<F: Future>(name: &'static str, future: F) -> Traced<F> {
    Traced {
        name,
        future: Box::pin(future),
    }
}

/// Pending once, after waking its own task: lets the other tasks run.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// The executor of Listing 5-4, unchanged.

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

#[cfg(test)]
mod tests {
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
