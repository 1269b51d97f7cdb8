//! `select` by hand: a future that polls two futures and is ready with the
//! output of whichever finishes first. The loser is dropped unfinished:
//! that drop is what cancellation means for a Rust future.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: select
/// The output of a select: which side won, and its output.
#[derive(Debug, PartialEq)]
pub enum Either<L, R> {
    Left(L),
    Right(R),
}

/// Races two futures; ready with the output of the first one done.
pub struct Select<A, B> {
    a: Pin<Box<A>>,
    b: Pin<Box<B>>,
}

pub fn select<A: Future, B: Future>(a: A, b: B) -> Select<A, B> {
    Select {
        a: Box::pin(a),
        b: Box::pin(b),
    }
}

// ANCHOR_END: select

// ANCHOR: select_poll
impl<A: Future, B: Future> Future for Select<A, B> {
    type Output = Either<A::Output, B::Output>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Self::Output> {
        // `a` is polled first, so it wins a tie: a biased select.
        if let Poll::Ready(output) = self.a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(output));
        }
        if let Poll::Ready(output) = self.b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(output));
        }
        Poll::Pending
    }
}
// ANCHOR_END: select_poll

// ANCHOR: main
/// Prints when dropped, to show when the loser goes away.
struct Announce(&'static str);

impl Drop for Announce {
    fn drop(&mut self) {
        println!("{}: dropped", self.0);
    }
}

async fn fetch(name: &'static str, millis: u64) -> &'static str {
    let _announce = Announce(name);
    println!("{name}: started, {millis} ms");
    Timer::new(Duration::from_millis(millis)).await;
    println!("{name}: done");
    name
}

fn main() {
    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(async {
        let winner = select(fetch("slow", 300), fetch("quick", 100)).await;
        println!("winner: {winner:?}");
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

    #[test]
    fn the_first_ready_wins_and_a_tie_goes_left() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut race = select(std::future::pending::<u8>(), async { 2 });
        let output = Pin::new(&mut race).poll(&mut cx);
        assert_eq!(output, Poll::Ready(Either::Right(2)));
        let mut tie = select(async { 1 }, async { 2 });
        let output = Pin::new(&mut tie).poll(&mut cx);
        assert_eq!(output, Poll::Ready(Either::Left(1)));
    }

    #[test]
    fn the_loser_is_dropped_unfinished() {
        let dropped = Arc::new(Mutex::new(false));
        struct Flag(Arc<Mutex<bool>>);
        impl Drop for Flag {
            fn drop(&mut self) {
                *self.0.lock().unwrap() = true;
            }
        }
        let flag = Flag(Arc::clone(&dropped));
        let loser = async move {
            let _flag = flag;
            std::future::pending::<()>().await;
        };
        let mut race = select(loser, async {});
        let mut cx = Context::from_waker(Waker::noop());
        assert!(Pin::new(&mut race).poll(&mut cx).is_ready());
        assert!(!*dropped.lock().unwrap());
        drop(race);
        assert!(*dropped.lock().unwrap());
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
