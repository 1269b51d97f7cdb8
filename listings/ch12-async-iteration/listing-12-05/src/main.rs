//! `for_each_concurrent`: a body for every item, at most n at a time.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use futures::{StreamExt, stream};
use tokio::time::{Instant, sleep};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let jobs = stream::iter([("as", 300), ("fn", 100), ("if", 150)]);
    // Python: async with sem: ... inside each task of a gather
    jobs.for_each_concurrent(2, |(word, ms)| {
        let (running, most) = (&running, &most);
        async move {
            most.fetch_max(running.fetch_add(1, SeqCst) + 1, SeqCst);
            println!("{:>5?}  saving {word}", now());
            sleep(Duration::from_millis(ms)).await;
            println!("{:>5?}  saved {word}", now());
            running.fetch_sub(1, SeqCst);
        }
    })
    .await;
    println!("{:>5?}  at most {} at a time", now(), most.load(SeqCst));
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
