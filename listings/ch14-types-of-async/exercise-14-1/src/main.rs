//! Exercise 14-1: a `Deadline<F>` future written by hand, with two pinned
//! fields: the future it runs and the timer that may end it first.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep, sleep, sleep_until};

// ANCHOR: solution_type
/// What a `Deadline` returns when its timer fires first.
#[derive(Debug, PartialEq)]
pub struct Expired(pub Duration);

pin_project! {
    pub struct Deadline<F> {
        #[pin]
        inner: F,
        #[pin]
        timer: Sleep,
        limit: Duration,
    }
}

pub fn deadline<F: Future>(limit: Duration, inner: F) -> Deadline<F> {
    let timer = sleep_until(Instant::now() + limit);
    Deadline {
        inner,
        timer,
        limit,
    }
}

// ANCHOR_END: solution_type

// ANCHOR: solution_poll
impl<F: Future> Future for Deadline<F> {
    type Output = Result<F::Output, Expired>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        // The work first: a result that is ready in time is never lost.
        if let Poll::Ready(output) = this.inner.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        this.timer.poll(cx).map(|()| Err(Expired(*this.limit)))
    }
}
// ANCHOR_END: solution_poll

async fn fetch(ms: u64) -> &'static str {
    sleep(Duration::from_millis(ms)).await;
    "page"
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let limit = Duration::from_millis(100);
    for ms in [40, 100, 250] {
        let start = Instant::now();
        let result = deadline(limit, fetch(ms)).await;
        println!("fetch({ms}ms): {result:?} at {:?}", start.elapsed());
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_fast_future_wins() {
        let got = deadline(Duration::from_millis(50), fetch(10)).await;
        assert_eq!(got, Ok("page"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_future_ends_at_the_deadline() {
        let start = Instant::now();
        let got = deadline(Duration::from_millis(50), fetch(500)).await;
        assert_eq!(got, Err(Expired(Duration::from_millis(50))));
        assert_eq!(start.elapsed(), Duration::from_millis(50));
    }

    #[tokio::test(start_paused = true)]
    async fn a_tie_goes_to_the_work() {
        let got = deadline(Duration::from_millis(50), fetch(50)).await;
        assert_eq!(got, Ok("page"));
    }
}
