//! `select!` drops the branches that lose; selecting on the handles of
//! spawned tasks leaves them running, like `asyncio.wait(FIRST_COMPLETED)`.

use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Says when a lookup's future is dropped, finished or not.
struct Lookup(&'static str);

impl Drop for Lookup {
    fn drop(&mut self) {
        println!("{:>5?}  {} dropped", now(), self.0);
    }
}

async fn lookup(mirror: &'static str, ms: u64) -> &'static str {
    let _lookup = Lookup(mirror);
    sleep(Duration::from_millis(ms)).await;
    println!("{:>5?}  {mirror} answered", now());
    mirror
}

// ANCHOR: select
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    // The first branch to finish wins; select! then drops the other.
    let winner = tokio::select! {
        a = lookup("mirror-a", 300) => a,
        b = lookup("mirror-b", 100) => b,
    };
    println!("{:>5?}  select! chose {winner}", now());
    // ANCHOR_END: select

    // ANCHOR: wait
    // Tasks run on their own; select! over `&mut handle` drops only the
    // borrows, so the slower task keeps going.
    let mut a = tokio::spawn(lookup("mirror-c", 300));
    let mut b = tokio::spawn(lookup("mirror-d", 100));
    let (first, pending) = tokio::select! {
        done = &mut a => (done, b),
        done = &mut b => (done, a),
    };
    println!("{:>5?}  first done: {}", now(), first.expect("no panic"));
    let second = pending.await.expect("no panic");
    println!("{:>5?}  then: {second}", now());
}
// ANCHOR_END: wait

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
