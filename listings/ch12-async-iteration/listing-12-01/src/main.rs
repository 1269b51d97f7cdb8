//! A `Stream` written by hand: a countdown that ticks once a second.

use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use futures::{Stream, StreamExt};
use tokio::time::{Instant, Sleep, sleep};

// ANCHOR: countdown
/// Yields `from`, `from - 1`, ..., `1`, one number per `period`.
struct Countdown {
    left: u32,
    period: Duration,
    // Boxed so that `Countdown` is `Unpin`: a `Sleep` must not move once
    // polled, and a box keeps it in one place however `Countdown` moves.
    sleep: Pin<Box<Sleep>>,
}

fn countdown(from: u32, period: Duration) -> Countdown {
    let sleep = Box::pin(sleep(period));
    Countdown {
        left: from,
        period,
        sleep,
    }
}
// ANCHOR_END: countdown

// ANCHOR: poll_next
impl Stream for Countdown {
    type Item = u32;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<u32>> {
        if self.left == 0 {
            return Poll::Ready(None); // ended, and stays ended
        }
        // Pending returns here; the timer keeps `cx`'s waker for later.
        ready!(self.sleep.as_mut().poll(cx));
        let item = self.left;
        self.left -= 1;
        let next = Instant::now() + self.period;
        self.sleep.as_mut().reset(next);
        Poll::Ready(Some(item))
    }
}
// ANCHOR_END: poll_next

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let mut launch = countdown(3, Duration::from_secs(1));
    // Python: async for n in countdown(3): ...
    while let Some(n) = launch.next().await {
        println!("{:>5?}  {n}", now());
    }
    println!("{:>5?}  liftoff", now());
    // An ended Countdown answers None again, at once.
    println!("{:>5?}  {:?}", now(), launch.next().await);
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
