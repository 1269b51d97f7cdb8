//! The runtime, built by hand: what `#[tokio::main]` writes for us, the two
//! flavours, and a `Handle` that reaches a runtime from a plain thread.

use std::time::Duration;

use tokio::runtime::{Builder, Handle};
use tokio::time::Instant;

// ANCHOR: current_thread
fn main() -> std::io::Result<()> {
    // What `#[tokio::main(flavor = "current_thread", start_paused = true)]`
    // writes around the body of `async fn main`.
    let runtime = Builder::new_current_thread()
        .enable_all() // the I/O and timer drivers
        .start_paused(true) // virtual time: see "Time" below
        .build()?;
    let answer = runtime.block_on(async {
        let start = Instant::now();
        tokio::time::sleep(Duration::from_secs(3)).await;
        describe("current_thread");
        println!("slept {:?} of virtual time", start.elapsed());
        42
    });
    println!("block_on returned {answer}");
    multi_thread()
}
// ANCHOR_END: current_thread

// ANCHOR: multi_thread
fn multi_thread() -> std::io::Result<()> {
    // The default flavour of `#[tokio::main]`, with the worker count fixed
    // (the default is one worker per CPU core).
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let handle = runtime.handle().clone();
    let from_thread = std::thread::spawn(move || {
        // A plain thread, outside the runtime: the handle lets it spawn
        // tasks there and wait for them.
        let task = handle.spawn(async { describe("multi_thread") });
        handle.block_on(task).expect("the task does not panic");
    });
    from_thread.join().expect("the thread does not panic");
    Ok(())
}

/// Prints which runtime the calling task runs on.
fn describe(name: &str) {
    let handle = Handle::current();
    let workers = handle.metrics().num_workers();
    println!("{name}: {:?}, {workers} worker(s)", handle.runtime_flavor());
}
// ANCHOR_END: multi_thread
