//! Each handler runs under a 150 ms timeout, which cancels it.

use listing_13_01::{Events, detached, grouped};
use std::time::Duration;
use tokio::time::{sleep, timeout};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("detached:");
    let events = Events::new();
    let limit = Duration::from_millis(150);
    if timeout(limit, detached(events.clone())).await.is_err() {
        events.note("handler cancelled");
    }
    sleep(Duration::from_secs(1)).await; // the runtime runs on

    println!("grouped:");
    let events = Events::new();
    if timeout(limit, grouped(events.clone())).await.is_err() {
        events.note("handler cancelled");
    }
    sleep(Duration::from_secs(1)).await;
}
// ANCHOR_END: main
