//! One `async fn`, and the same function written by hand the way the
//! compiler writes it: an enum with one variant per place the function can
//! stop, holding the locals that live across that place. Both run on the
//! executor of Listing 5-4 and print the same lines.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: async_fn
async fn greet(name: &'static str) -> usize {
    println!("{name}: hello");
    Timer::new(Duration::from_millis(100)).await;
    let letters = name.len();
    println!("{name}: {letters} letters");
    Timer::new(Duration::from_millis(100)).await;
    println!("{name}: goodbye");
    letters
}
// ANCHOR_END: async_fn

// ANCHOR: enum
/// `greet` as a state machine: one variant per place it can be stopped.
enum Greet {
    /// Called but not yet polled: only the arguments. No line of the body
    /// runs before the first poll.
    Start { name: &'static str },
    /// Stopped at the first `.await`: what is alive there.
    FirstWait { name: &'static str, timer: Timer },
    /// Stopped at the second `.await`: `letters` is alive here too.
    SecondWait {
        name: &'static str,
        letters: usize,
        timer: Timer,
    },
    /// Returned. Polling again is a bug in the caller.
    Done,
}

fn greet_by_hand(name: &'static str) -> Greet {
    Greet::Start { name }
}
// ANCHOR_END: enum

// ANCHOR: poll
impl Future for Greet {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        // `Greet` is `Unpin` (no field points into another), so `&mut *self`
        // is allowed. Each arm runs the code up to the next `.await`.
        loop {
            match &mut *self {
                Greet::Start { name } => {
                    let name = *name;
                    println!("{name}: hello");
                    let timer = Timer::new(Duration::from_millis(100));
                    *self = Greet::FirstWait { name, timer };
                }
                // ANCHOR_END: poll
                // ANCHOR: poll_first
                Greet::FirstWait { name, timer } => {
                    // `.await`: poll the inner future; if it is not ready,
                    // neither are we, and we resume right here next time.
                    if Pin::new(timer).poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    let name = *name;
                    let letters = name.len();
                    println!("{name}: {letters} letters");
                    let timer = Timer::new(Duration::from_millis(100));
                    *self = Greet::SecondWait {
                        name,
                        letters,
                        timer,
                    };
                }
                // ANCHOR_END: poll_first
                // ANCHOR: poll_second
                Greet::SecondWait {
                    name,
                    letters,
                    timer,
                } => {
                    if Pin::new(timer).poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    println!("{name}: goodbye");
                    let letters = *letters;
                    *self = Greet::Done;
                    return Poll::Ready(letters);
                }
                Greet::Done => panic!("`async fn` resumed after completion"),
            }
        }
    }
}
// ANCHOR_END: poll_second

// ANCHOR: main
fn main() {
    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(async {
        println!("-- the async fn --");
        let letters = greet("ferris").await;
        println!("returned {letters}");
        println!("-- the enum by hand --");
        let letters = greet_by_hand("ferris").await;
        println!("returned {letters}");
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
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// Polls `future` until it is ready (the timers wake a parked thread),
    /// failing if that takes more than 10 s.
    fn poll_to_end<F: Future + Unpin>(future: &mut F) -> F::Output {
        struct Unpark(thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match Pin::new(&mut *future).poll(&mut Context::from_waker(&waker))
            {
                Poll::Ready(output) => return output,
                Poll::Pending => {
                    let now = std::time::Instant::now();
                    assert!(now < deadline, "a wake-up was lost");
                    thread::park_timeout(deadline - now);
                }
            }
        }
    }

    fn panic_message<F: Future + Unpin>(future: &mut F) -> String {
        let mut cx = Context::from_waker(Waker::noop());
        let poll = catch_unwind(AssertUnwindSafe(|| {
            let _ = Pin::new(future).poll(&mut cx);
        }));
        let payload = poll.expect_err("polled after completion, no panic");
        payload.downcast_ref::<&str>().unwrap().to_string()
    }

    #[test]
    fn both_return_the_same_and_panic_the_same_when_polled_again() {
        let mut by_compiler = Box::pin(greet("crab"));
        let mut by_hand = greet_by_hand("crab");
        assert_eq!(poll_to_end(&mut by_compiler), 4);
        assert_eq!(poll_to_end(&mut by_hand), 4);
        assert_eq!(
            panic_message(&mut by_compiler),
            panic_message(&mut by_hand)
        );
    }

    /// Creates the future, waits, then times it from its first poll to
    /// its end.
    fn time_from_first_poll<F: Future + Unpin>(mut future: F) -> Duration {
        thread::sleep(Duration::from_millis(250));
        let first_poll = std::time::Instant::now();
        poll_to_end(&mut future);
        first_poll.elapsed()
    }

    #[test]
    fn nothing_runs_before_the_first_poll() {
        // Had a body started its first timer when it was called, that
        // timer would have fired during the 250 ms wait, and the future
        // would end 100 ms after its first poll, not 200.
        let by_compiler = time_from_first_poll(Box::pin(greet("crab")));
        let by_hand = time_from_first_poll(greet_by_hand("crab"));
        for elapsed in [by_compiler, by_hand] {
            assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
        }
    }
}
