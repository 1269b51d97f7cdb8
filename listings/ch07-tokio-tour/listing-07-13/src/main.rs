//! A blocking call inside a task, measured: a ticker counts its late
//! wake-ups while a neighbour task blocks the thread, then while the
//! neighbour hands the blocking call to `spawn_blocking`.
//!
//! The clock is real here (paused time does not move while a thread
//! sleeps), so the program prints counts checked against bounds, not
//! the raw figures, which change from run to run.

use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior, interval};

/// How far behind its time a tick may wake and still count as on time:
/// generous, so that a busy machine does not make a tick late.
const LATE: Duration = Duration::from_millis(50);
const TICKS: u32 = 30;

// ANCHOR: ticker
/// Ticks every 10 ms and counts the ticks that woke more than `LATE`
/// after the time they were due.
async fn ticker() -> u32 {
    let mut ticks = interval(Duration::from_millis(10));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Burst);
    let mut late = 0;
    for _ in 0..TICKS {
        let due = ticks.tick().await;
        if Instant::now() - due > LATE {
            late += 1;
        }
    }
    late
}
// ANCHOR_END: ticker

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let clock = tokio::spawn(ticker());
    tokio::spawn(async {
        // Blocks the only thread of the runtime for 200 ms.
        std::thread::sleep(Duration::from_millis(200));
    });
    report(
        "std::thread::sleep in a task",
        clock.await.expect("no panic"),
    );

    let clock = tokio::spawn(ticker());
    tokio::spawn(async {
        // Runs on a thread of Tokio's blocking pool instead.
        let nap = || std::thread::sleep(Duration::from_millis(200));
        tokio::task::spawn_blocking(nap).await.expect("no panic");
    });
    report("the same in spawn_blocking", clock.await.expect("no panic"));
}
// ANCHOR_END: main

/// Prints the count of late ticks as a range the run is checked against.
fn report(neighbour: &str, late: u32) {
    let verdict = match late {
        0 => "no tick late".to_string(),
        10.. => "10 or more ticks late".to_string(),
        n => format!("{n} ticks late, between the bounds"),
    };
    println!("{neighbour}: {verdict} (of {TICKS})");
}
