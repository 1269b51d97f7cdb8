//! A future written by hand and polled by hand. `Countdown` is not ready
//! until it has been polled `from` times; we drive it with a loop and a
//! waker that does nothing, to see the bare protocol: poll, Pending, poll
//! again, Ready.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

// ANCHOR: countdown
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
        // We are not ready, but we could make progress at once: ask to be
        // polled again. A future that returns Pending must arrange a wake.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: countdown

// ANCHOR: main
fn main() {
    let mut future = Countdown { remaining: 3 };
    // `Waker::noop` ignores wake-ups, so this loop polls blindly.
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    let output = loop {
        polls += 1;
        println!("poll {polls}");
        match Pin::new(&mut future).poll(&mut cx) {
            Poll::Ready(output) => break output,
            Poll::Pending => println!("  -> Pending"),
        }
    };
    println!("  -> Ready({output:?}) after {polls} polls");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_after_remaining_plus_one_polls() {
        let mut future = Countdown { remaining: 2 };
        let mut cx = Context::from_waker(Waker::noop());
        assert!(Pin::new(&mut future).poll(&mut cx).is_pending());
        assert!(Pin::new(&mut future).poll(&mut cx).is_pending());
        assert_eq!(Pin::new(&mut future).poll(&mut cx), Poll::Ready("liftoff"));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
