//! Time: `interval` and what each `MissedTickBehavior` does after a tick
//! whose work took longer than the period, on paused time.

use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior, interval, sleep};

// ANCHOR: ticks
/// Ticks every 100 ms six times; the work after the second tick takes
/// 250 ms. Returns when each tick completed, in ms since the start.
async fn ticks(behavior: MissedTickBehavior) -> Vec<u128> {
    let start = Instant::now();
    let mut ticker = interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(behavior);
    let mut seen = Vec::new();
    for n in 0..6 {
        ticker.tick().await; // the first tick completes at once
        seen.push(start.elapsed().as_millis());
        let work = if n == 1 { 250 } else { 10 };
        sleep(Duration::from_millis(work)).await;
    }
    seen
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    use MissedTickBehavior::{Burst, Delay, Skip};
    for behavior in [Burst, Delay, Skip] {
        println!("{:<6} {:?}", format!("{behavior:?}"), ticks(behavior).await);
    }
}
// ANCHOR_END: ticks
