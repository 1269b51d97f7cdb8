//! `block_on` from scratch. The thread polls the future; on `Pending` it
//! parks (sleeps without spinning) until the future's waker unparks it. The
//! waker is built from a small type that implements `std::task::Wake`.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

// ANCHOR: block_on
/// Wakes a thread parked in `block_on` by unparking it.
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs a future to completion on the current thread.
fn block_on<F: Future>(future: F) -> F::Output {
    // Fix the future in place on this stack frame: `poll` needs it pinned
    // (the section on Pin says why).
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            // Sleep until the waker unparks us. If it already did, since
            // the poll, `park` returns at once: the wake-up is not lost.
            // `park` may also return for no reason; we just poll again.
            Poll::Pending => thread::park(),
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: main
fn main() {
    println!("block_on(Timer::new(200 ms))");
    let started = Instant::now();
    block_on(Timer::new(Duration::from_millis(200)));
    let waited = started.elapsed() >= Duration::from_millis(200);
    println!("  ready; at least 200 ms passed: {waited}");

    println!("block_on(Countdown {{ remaining: 3 }})");
    let output = block_on(Countdown { remaining: 3 });
    println!("  ready: {output:?}");
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

// The countdown of Listing 5-1: it wakes itself on every poll.

/// A future that is ready after it has been polled `remaining + 1` times.
struct Countdown {
    remaining: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<&'static str> {
        if self.remaining == 0 {
            return Poll::Ready("liftoff");
        }
        println!("  countdown: {} to go", self.remaining);
        self.remaining -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Runs `f` on a thread; fails if it has not returned within 10 s, as
    /// a `block_on` that lost a wake-up would not.
    fn in_time<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let runner = thread::spawn(f);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !runner.is_finished() {
            assert!(Instant::now() < deadline, "a wake-up was lost");
            thread::sleep(Duration::from_millis(1));
        }
        runner.join().expect("it panicked")
    }

    /// Pending until another thread has woken it `needed` times.
    struct WokenFromElsewhere {
        polls: Arc<AtomicUsize>,
        needed: usize,
    }

    impl Future for WokenFromElsewhere {
        type Output = usize;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
            let polls = self.polls.fetch_add(1, Ordering::SeqCst) + 1;
            if polls > self.needed {
                return Poll::Ready(polls);
            }
            let waker = cx.waker().clone();
            // The wake may come before `block_on` parks: it must not be lost.
            thread::spawn(move || waker.wake());
            Poll::Pending
        }
    }

    #[test]
    fn a_waker_called_from_another_thread_unparks_block_on() {
        let polls = Arc::new(AtomicUsize::new(0));
        let future = WokenFromElsewhere {
            polls: Arc::clone(&polls),
            needed: 100,
        };
        assert!(in_time(|| block_on(future)) > 100);
    }

    #[test]
    fn a_wake_before_the_park_is_not_lost() {
        // Woken synchronously, inside poll, before `block_on` parks.
        let output = in_time(|| block_on(Countdown { remaining: 1000 }));
        assert_eq!(output, "liftoff");
    }

    #[test]
    fn the_timer_really_waits() {
        let started = Instant::now();
        in_time(|| block_on(Timer::new(Duration::from_millis(30))));
        assert!(started.elapsed() >= Duration::from_millis(30));
    }

    #[test]
    fn main_runs() {
        in_time(main);
    }
}
