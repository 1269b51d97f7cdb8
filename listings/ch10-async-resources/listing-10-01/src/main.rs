//! Python's `async with lock:` and `async with semaphore:` in Rust: the
//! guard is a value, and the block's end is the end of its scope.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

// ANCHOR: lock
/// Adds an entry to the ledger, refusing an empty one.
async fn record(ledger: &Mutex<Vec<i64>>, amount: i64) -> Result<(), String> {
    let mut entries = ledger.lock().await; // __aenter__: wait for the lock
    if amount == 0 {
        return Err("an empty entry".into()); // the guard is dropped here...
    }
    entries.push(amount);
    Ok(())
} // ...and here: __aexit__, on every way out
// ANCHOR_END: lock

// ANCHOR: owned
async fn run_jobs(limit: usize) {
    let semaphore = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for job in 1..=3 {
        // An owned permit borrows nothing, so it can move into a task.
        let permit = Arc::clone(&semaphore).acquire_owned().await.unwrap();
        println!("{:>6?}  job {job} starts", now());
        tasks.spawn(async move {
            sleep(Duration::from_millis(100)).await;
            println!("{:>6?}  job {job} ends", now());
            drop(permit); // the task would drop it on return anyway
        });
    }
    tasks.join_all().await;
    let free = semaphore.available_permits();
    println!("{:>6?}  free permits: {free}", now());
}
// ANCHOR_END: owned

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let ledger = Mutex::new(Vec::new());
    println!("{:?}", record(&ledger, 30).await);
    println!("{:?}", record(&ledger, 0).await);
    // try_lock fails while any guard is alive: none is.
    println!("unlocked after both: {}", ledger.try_lock().is_ok());
    println!("ledger: {:?}", ledger.lock().await);

    let semaphore = Semaphore::new(2);
    {
        let _permit = semaphore.acquire().await.unwrap(); // borrows it
        println!("inside the block: {}", semaphore.available_permits());
    }
    println!("after the block: {}", semaphore.available_permits());
    run_jobs(2).await;
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
