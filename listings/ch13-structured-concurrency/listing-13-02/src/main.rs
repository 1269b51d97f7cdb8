//! Three groups of fetches: one that fails, one that panics, and one
//! cancelled from outside by a timeout.

use listing_13_02::TaskGroup;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::time::{Instant, sleep, timeout};

/// Says when a fetch is dropped before it finished.
struct Unfinished(&'static str);

impl Drop for Unfinished {
    fn drop(&mut self) {
        println!("{:>5?}  {} dropped unfinished", now(), self.0);
    }
}

// ANCHOR: fetch
async fn fetch(cc: &'static str, ms: u64) -> Result<String, String> {
    let guard = Unfinished(cc);
    sleep(Duration::from_millis(ms)).await;
    std::mem::forget(guard);
    match cc {
        "XX" => Err(format!("no flag for {cc}")),
        "ZZ" => panic!("a bug in the fetch of {cc}"),
        _ => Ok(format!("{cc}.gif")),
    }
}

fn group(codes: &[(&'static str, u64)]) -> TaskGroup<String, String> {
    let mut group = TaskGroup::new();
    for &(cc, ms) in codes {
        group.spawn(fetch(cc, ms));
    }
    group
}
// ANCHOR_END: fetch

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    quiet_panics();
    let all_good = group(&[("IN", 300), ("CN", 100)]).join().await;
    println!("{:>5?}  {all_good:?}", now());

    let failing = group(&[("IN", 300), ("XX", 200), ("US", 100)]);
    let first_error = failing.join().await;
    println!("{:>5?}  {first_error:?}", now());

    let panicking = group(&[("BR", 300), ("ZZ", 100)]);
    let first_panic = panicking.join().await;
    println!("{:>5?}  {first_panic:?}", now());

    let slow = group(&[("JP", 500), ("DE", 100)]);
    let limit = Duration::from_millis(200);
    let outcome = timeout(limit, slow.join()).await;
    println!("{:>5?}  {outcome:?}", now());
}
// ANCHOR_END: main

/// Virtual time since `main` began.
fn now() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Replaces the default panic message, which names a thread id that
/// changes from run to run, with one line that does not.
fn quiet_panics() {
    now();
    std::panic::set_hook(Box::new(|_| println!("{:>5?}  panic", now())));
}
