//! `block_in_place` on each runtime. On the multi-thread runtime, a task
//! blocks its worker while the worker's other tasks move to a new thread,
//! so a ticker on the same single worker keeps waking. On the
//! current-thread runtime there is nowhere to move them, and the call
//! panics. Run with `current-thread` to see the panic.
//!
//! The clock is real (a blocked thread does not move paused time), so the
//! program prints the ticker's longest gap against a bound, not the gap.

use std::time::{Duration, Instant};

use tokio::runtime::Builder;
use tokio::task::block_in_place;

/// How long the blocking call takes.
const BLOCK: Duration = Duration::from_millis(600);

/// Wakes every 10 ms until `run_for` has passed; returns the longest
/// time it went without waking.
async fn ticker(run_for: Duration) -> Duration {
    let (start, mut last) = (Instant::now(), Instant::now());
    let mut longest = Duration::ZERO;
    while start.elapsed() < run_for {
        tokio::time::sleep(Duration::from_millis(10)).await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    longest
}

// ANCHOR: multi
/// One worker thread: without `block_in_place`, the blocked task would
/// hold the only thread the ticker can run on.
fn multi_thread() {
    let runtime = Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .expect("a runtime");
    let longest = runtime.block_on(async {
        let clock = tokio::spawn(ticker(BLOCK));
        tokio::spawn(async {
            block_in_place(|| std::thread::sleep(BLOCK));
        });
        clock.await.expect("the ticker does not panic")
    });
    let verdict = if longest < BLOCK / 2 {
        "under"
    } else {
        "NOT under"
    };
    println!("multi_thread, 1 worker: longest gap {verdict} half the call");
}
// ANCHOR_END: multi

// ANCHOR: current
fn current_thread() {
    let runtime = Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(async {
        println!("current_thread: calling block_in_place");
        block_in_place(|| std::thread::sleep(BLOCK));
        println!("not reached");
    });
}
// ANCHOR_END: current

fn main() {
    // The standard hook names the thread's id, which changes from run to
    // run; this one prints the same location and message without it.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        let at = info.location().expect("panics carry a location");
        eprintln!("panicked at {at}:\n{message}");
    }));
    match std::env::args().nth(1).as_deref() {
        None => multi_thread(),
        Some("current-thread") => current_thread(),
        Some(other) => {
            eprintln!("unknown argument {other:?}; try `current-thread`");
            std::process::exit(2);
        }
    }
}
