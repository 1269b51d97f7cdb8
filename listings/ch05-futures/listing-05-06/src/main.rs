//! `join` by hand: a future that owns two futures, polls whichever is not
//! done yet each time it is polled, keeps the first output while it waits
//! for the second, and is ready with both. Both run inside one task.

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: maybe_done
/// One side of a join: still running, done with its output kept, or done
/// with its output handed over.
enum MaybeDone<F: Future> {
    Running(Pin<Box<F>>),
    Done(F::Output),
    Taken,
}

impl<F: Future> MaybeDone<F> {
    /// Polls the future if it is still running. True once it is done.
    fn poll_done(&mut self, cx: &mut Context<'_>) -> bool {
        if let MaybeDone::Running(future) = self {
            match future.as_mut().poll(cx) {
                Poll::Ready(output) => *self = MaybeDone::Done(output),
                Poll::Pending => return false,
            }
        }
        true
    }

    fn take(&mut self) -> F::Output {
        match mem::replace(self, MaybeDone::Taken) {
            MaybeDone::Done(output) => output,
            _ => panic!("Join polled after it returned Ready"),
        }
    }
}
// ANCHOR_END: maybe_done

// ANCHOR: join
/// Runs two futures at once; ready with both outputs when both are done.
pub struct Join<A: Future, B: Future> {
    a: MaybeDone<A>,
    b: MaybeDone<B>,
}

pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    let a = MaybeDone::Running(Box::pin(a));
    Join {
        a,
        b: MaybeDone::Running(Box::pin(b)),
    }
}

// Moving a `Join` is harmless: the futures sit pinned in their boxes, and
// we never pin the outputs. So `Join` may be `Unpin`, whatever A and B are.
impl<A: Future, B: Future> Unpin for Join<A, B> {}

// ANCHOR_END: join

// ANCHOR: join_poll
impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut(); // allowed because `Join` is `Unpin`
        // Both children got our task's waker, so either may have woken us:
        // poll both (a child that is done is skipped).
        let a_done = this.a.poll_done(cx);
        let b_done = this.b.poll_done(cx);
        if a_done && b_done {
            Poll::Ready((this.a.take(), this.b.take()))
        } else {
            Poll::Pending
        }
    }
}
// ANCHOR_END: join_poll

// ANCHOR: main
/// Waits, then returns its name: a stand-in for a download.
async fn fetch(name: &'static str, millis: u64) -> &'static str {
    println!("{name}: started, {millis} ms");
    Timer::new(Duration::from_millis(millis)).await;
    println!("{name}: done");
    name
}

fn main() {
    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(async {
        let both = join(fetch("slow", 300), fetch("quick", 100)).await;
        println!("joined: {both:?}");
    });
    drop(spawner);
    executor.run();
}
// ANCHOR_END: main

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
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts its polls; ready at the poll numbered `ready_at`.
    struct Counted {
        polls: Arc<AtomicUsize>,
        ready_at: usize,
    }

    impl Future for Counted {
        type Output = usize;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
            let polls = self.polls.fetch_add(1, Ordering::SeqCst) + 1;
            assert!(polls <= self.ready_at, "polled after Ready");
            if polls == self.ready_at {
                return Poll::Ready(polls);
            }
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn join_waits_for_both_and_polls_neither_after_ready() {
        let (a_polls, b_polls) = (Arc::default(), Arc::default());
        let a = Counted {
            polls: Arc::clone(&a_polls),
            ready_at: 1,
        };
        let b = Counted {
            polls: Arc::clone(&b_polls),
            ready_at: 5,
        };
        let mut joined = join(a, b);
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..4 {
            assert!(Pin::new(&mut joined).poll(&mut cx).is_pending());
        }
        let output = Pin::new(&mut joined).poll(&mut cx);
        assert_eq!(output, Poll::Ready((1, 5)));
        assert_eq!(a_polls.load(Ordering::SeqCst), 1);
        assert_eq!(b_polls.load(Ordering::SeqCst), 5);
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
