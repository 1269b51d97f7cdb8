//! Timers for an executor whose reactor has none.
//!
//! Each `Sleep` starts a thread that sleeps and then wakes the task, as
//! chapter 5's `Timer` did. That is fine for a few dozen timers and
//! wasteful for thousands. Tokio keeps every timer in one timer wheel,
//! which the thread that waits for I/O checks: it sleeps in epoll only
//! until the next deadline, so timers cost no thread at all.

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: sleep
/// A future that is ready once `duration` has passed.
pub struct Sleep {
    shared: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    fired: bool,
    waker: Option<Waker>,
}
// ANCHOR_END: sleep

// ANCHOR: sleep_fn
/// Starts a timer; the timer thread runs whether or not it is polled.
pub fn sleep(duration: Duration) -> Sleep {
    let shared = Arc::new(Mutex::new(State::default()));
    let theirs = Arc::clone(&shared);
    let timer = thread::Builder::new().name("timer".into());
    let spawned = timer.spawn(move || {
        thread::sleep(duration);
        let mut state = theirs.lock().unwrap();
        state.fired = true;
        if let Some(waker) = state.waker.take() {
            drop(state); // wake without holding the lock
            waker.wake();
        }
    });
    spawned.expect("the system could not start a timer thread");
    Sleep { shared }
}
// ANCHOR_END: sleep_fn

// ANCHOR: sleep_poll
impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.shared.lock().unwrap();
        if state.fired {
            return Poll::Ready(());
        }
        state.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // Take the waker back, so that the timer thread neither keeps the
        // task alive nor wakes it for nothing once the timer is forgotten,
        // by `timeout` say. (Tokio removes the timer from its wheel.)
        self.shared.lock().unwrap().waker = None;
    }
}
// ANCHOR_END: sleep_poll

/// The error of [`timeout`]: the limit passed first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Elapsed(pub Duration);

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no answer within {} ms", self.0.as_millis())
    }
}

impl std::error::Error for Elapsed {}

// ANCHOR: timeout
/// Runs `work` for at most `limit`; if the limit passes first, `work` is
/// dropped, which cancels it. Like `asyncio.wait_for`, with an `Err` in
/// place of `TimeoutError`.
pub async fn timeout<F: Future>(
    limit: Duration,
    work: F,
) -> Result<F::Output, Elapsed> {
    let mut work = pin!(work);
    let mut timer = sleep(limit);
    poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Ok(output)); // the work wins a tie
        }
        Pin::new(&mut timer).poll(cx).map(|()| Err(Elapsed(limit)))
    })
    .await
}
// ANCHOR_END: timeout
