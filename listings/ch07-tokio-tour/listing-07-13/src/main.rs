//! A blocking call inside a task, measured: a ticker records its longest
//! wait between two wake-ups while a neighbour task blocks the thread, then
//! while the neighbour hands the blocking call to `spawn_blocking`.
//!
//! The clock is real here (paused time does not move while a thread
//! sleeps), so the program prints the measurement against a bound, not the
//! raw figure, which changes from run to run.

use std::time::Duration;

use tokio::time::{Instant, interval};

/// How long the neighbour's blocking call takes. Long, so that a busy
/// machine that keeps the ticker off the CPU for a while does not reach it.
const BLOCK: Duration = Duration::from_millis(500);
/// How many ticks the ticker waits for, 10 ms apart: longer than `BLOCK`.
const TICKS: u32 = 60;

// ANCHOR: ticker
/// Wakes every 10 ms, `TICKS` times, and returns the longest time it
/// went without waking.
async fn ticker() -> Duration {
    let mut ticks = interval(Duration::from_millis(10));
    let mut last = Instant::now();
    let mut longest = Duration::ZERO;
    for _ in 0..TICKS {
        ticks.tick().await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    longest
}
// ANCHOR_END: ticker

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let clock = tokio::spawn(ticker());
    tokio::spawn(async {
        // Blocks the only thread of the runtime.
        std::thread::sleep(BLOCK);
    });
    let longest = clock.await.expect("the ticker does not panic");
    report("std::thread::sleep in a task", longest);

    let clock = tokio::spawn(ticker());
    tokio::spawn(async {
        // Runs on a thread of Tokio's blocking pool instead.
        let nap = || std::thread::sleep(BLOCK);
        tokio::task::spawn_blocking(nap).await.expect("no panic");
    });
    let longest = clock.await.expect("the ticker does not panic");
    report("the same in spawn_blocking", longest);
}
// ANCHOR_END: main

/// Prints the longest gap between ticks against the blocking call's length.
fn report(neighbour: &str, longest: Duration) {
    let verdict = if longest >= BLOCK {
        "as long as the blocking call, or longer"
    } else {
        "shorter than the blocking call"
    };
    println!("{neighbour}: longest wait between ticks {verdict}");
}
