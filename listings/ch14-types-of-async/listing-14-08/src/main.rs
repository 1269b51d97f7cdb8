//! `Pin` in a signature: a future that wraps another, counts its polls
//! and times it, with its pinned field projected by `pin-project-lite`.

use std::pin::{Pin, pin};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use pin_project_lite::pin_project;
use tokio::time::{Instant, interval, sleep};

// ANCHOR: timed
pin_project! {
    /// Wraps a future; its output comes back with the number of polls and
    /// the time from the first poll to the last.
    pub struct Timed<F> {
        #[pin]
        inner: F,
        polls: u32,
        first_poll: Option<Instant>,
    }
}

impl<F> Timed<F> {
    pub fn new(inner: F) -> Self {
        Timed {
            inner,
            polls: 0,
            first_poll: None,
        }
    }
}
// ANCHOR_END: timed

// ANCHOR: poll
impl<F: Future> Future for Timed<F> {
    type Output = (F::Output, u32, Duration);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `inner` comes out as `Pin<&mut F>`, the others as plain `&mut`.
        let this = self.project();
        let first = *this.first_poll.get_or_insert_with(Instant::now);
        *this.polls += 1;
        let output = ready!(this.inner.poll(cx));
        Poll::Ready((output, *this.polls, first.elapsed()))
    }
}
// ANCHOR_END: poll

async fn download(parts: u64) -> u64 {
    for _ in 0..parts {
        sleep(Duration::from_millis(100)).await;
    }
    parts * 1024
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (_, polls, took) = Timed::new(sleep(Duration::from_millis(30))).await;
    println!("sleep(30ms): {polls} polls, {took:?}");
    let (bytes, polls, took) = Timed::new(download(3)).await;
    println!("download(3): {bytes} bytes, {polls} polls, {took:?}");

    // Awaited from a loop through `&mut`, so it must not move: pin it here.
    let mut slow = pin!(Timed::new(download(5)));
    let start = Instant::now();
    let mut progress = interval(Duration::from_millis(200));
    loop {
        tokio::select! {
            biased;
            (bytes, polls, took) = &mut slow => {
                println!("download(5): {bytes} bytes, {polls} polls, {took:?}");
                break;
            }
            now = progress.tick() => {
                println!("still waiting at {:?}", now - start);
            }
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn counts_one_poll_per_wake_and_times_from_the_first() {
        let (bytes, polls, took) = Timed::new(download(2)).await;
        assert_eq!((bytes, polls), (2048, 3));
        assert_eq!(took, Duration::from_millis(200));
    }
}
