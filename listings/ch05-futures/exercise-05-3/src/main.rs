//! Exercise 5-3, solved: `join_all`, the `join` of Listing 5-6 for any
//! number of futures of one type. The outputs come back in the order of
//! the futures, whatever order they finish in.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: solution
pub struct JoinAll<F: Future> {
    /// The futures still running; `None` once one is done.
    running: Vec<Option<Pin<Box<F>>>>,
    /// The outputs so far, in the futures' order.
    outputs: Vec<Option<F::Output>>,
}

pub fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> JoinAll<F> {
    let running: Vec<_> =
        futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let outputs = running.iter().map(|_| None).collect();
    JoinAll { running, outputs }
}

// As for `Join`: the futures are pinned in their boxes, outputs never are.
impl<F: Future> Unpin for JoinAll<F> {}

// ANCHOR_END: solution

// ANCHOR: solution_poll
impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;

    fn poll(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Vec<F::Output>> {
        let this = self.get_mut();
        for (slot, output) in this.running.iter_mut().zip(&mut this.outputs) {
            if let Some(future) = slot
                && let Poll::Ready(value) = future.as_mut().poll(cx)
            {
                *output = Some(value);
                *slot = None; // never poll it again
            }
        }
        if this.running.iter().any(Option::is_some) {
            return Poll::Pending;
        }
        Poll::Ready(
            this.outputs.iter_mut().map(|o| o.take().unwrap()).collect(),
        )
    }
}
// ANCHOR_END: solution_poll

// ANCHOR: main
async fn fetch(name: &'static str, millis: u64) -> &'static str {
    Timer::new(Duration::from_millis(millis)).await;
    println!("{name}: done after {millis} ms");
    name
}

fn main() {
    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(async {
        let jobs = [("first", 600), ("second", 200), ("third", 400)];
        let names = join_all(jobs.map(|(name, ms)| fetch(name, ms))).await;
        println!("in order: {names:?}");
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

    #[test]
    fn no_futures_is_ready_at_once_with_nothing() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut none = join_all(Vec::<std::future::Ready<u8>>::new());
        assert_eq!(Pin::new(&mut none).poll(&mut cx), Poll::Ready(vec![]));
    }

    #[test]
    fn outputs_keep_the_order_of_the_futures() {
        let mut cx = Context::from_waker(Waker::noop());
        let futures = (1..=3).map(std::future::ready);
        let mut all = join_all(futures);
        assert_eq!(
            Pin::new(&mut all).poll(&mut cx),
            Poll::Ready(vec![1, 2, 3])
        );
    }

    /// Ready with `polls` at poll number `polls + 1`; panics if polled
    /// again after that.
    struct ReadyAfter {
        polls: usize,
        seen: usize,
    }

    impl Future for ReadyAfter {
        type Output = usize;

        fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<usize> {
            assert!(self.seen <= self.polls, "polled again after Ready");
            self.seen += 1;
            if self.seen <= self.polls {
                return Poll::Pending;
            }
            Poll::Ready(self.polls)
        }
    }

    #[test]
    fn a_future_that_is_done_is_never_polled_again() {
        let mut cx = Context::from_waker(Waker::noop());
        let futures = [2, 0, 1].map(|polls| ReadyAfter { polls, seen: 0 });
        let mut all = join_all(futures);
        // The second is done at the first poll, the third at the second:
        // the third poll must skip both, or they panic.
        assert!(Pin::new(&mut all).poll(&mut cx).is_pending());
        assert!(Pin::new(&mut all).poll(&mut cx).is_pending());
        let done = Pin::new(&mut all).poll(&mut cx);
        assert_eq!(done, Poll::Ready(vec![2, 0, 1]));
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
