//! `buffer_unordered` with no real bound over a huge input.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use futures::{StreamExt, stream};
use tokio::time::{Instant, sleep};

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: check
/// Pretends to check one name; in real life each check would hold a
/// socket and a buffer until its answer came.
async fn check(n: u32) -> u32 {
    MOST.fetch_max(RUNNING.fetch_add(1, SeqCst) + 1, SeqCst);
    sleep(Duration::from_millis(100)).await;
    RUNNING.fetch_sub(1, SeqCst);
    n
}
// ANCHOR_END: check

// ANCHOR: main
async fn check_all(limit: usize) {
    MOST.store(0, SeqCst);
    let start = Instant::now();
    let checks = stream::iter(0..100_000).map(check);
    let done = checks.buffer_unordered(limit).count().await;
    let (most, took) = (MOST.load(SeqCst), start.elapsed());
    let limit = match limit {
        usize::MAX => "none".to_string(),
        n => n.to_string(),
    };
    println!("limit {limit:>4}: {done} checks in {took:>5?}, {most} at once");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    check_all(usize::MAX).await; // "no limit": all 100,000 start at once
    check_all(500).await;
}
// ANCHOR_END: main
