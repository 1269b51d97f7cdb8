//! `timeout` beside `asyncio.wait_for` and `asyncio.timeout`, a oneshot
//! channel as the box a result arrives in, and shielding work from a
//! cancelled wait by spawning it.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{Instant, sleep, timeout};

async fn fetch(cc: &'static str, ms: u64) -> String {
    sleep(Duration::from_millis(ms)).await;
    println!("{:>5?}  fetched {cc}", now());
    format!("{cc}.gif")
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    // ANCHOR: timeout
    // wait_for(fetch("BR"), 0.2): the fetch is dropped at the deadline.
    match timeout(Duration::from_millis(200), fetch("BR", 300)).await {
        Ok(flag) => println!("{:>5?}  got {flag}", now()),
        Err(elapsed) => println!("{:>5?}  BR: {elapsed}", now()),
    }
    // async with asyncio.timeout(0.5): one deadline for several awaits.
    let three = timeout(Duration::from_millis(500), async {
        let india = fetch("IN", 200).await;
        let china = fetch("CN", 200).await;
        let usa = fetch("US", 200).await;
        [india, china, usa]
    });
    let three = three.await;
    println!("{:>5?}  three in a row: {three:?}", now());
    // ANCHOR_END: timeout

    // ANCHOR: oneshot
    // An asyncio.Future: a box that someone else fills, once.
    let (sender, receiver) = oneshot::channel();
    tokio::spawn(async move {
        let flag = fetch("JP", 100).await;
        let _ = sender.send(flag); // Err only if nobody waits any more
    });
    let flag = receiver.await;
    println!("{:>5?}  the box holds {flag:?}", now());
    // A sender dropped without sending tells the receiver so.
    let (sender, receiver) = oneshot::channel::<String>();
    drop(sender);
    let nothing = receiver.await;
    println!("{:>5?}  the empty box: {nothing:?}", now());
    // ANCHOR_END: oneshot

    // ANCHOR: shield
    // shield(save()): the work is a task, the wait is what gets cancelled.
    let mut save = tokio::spawn(fetch("FR", 300));
    let waited = timeout(Duration::from_millis(100), &mut save).await;
    println!("{:>5?}  waited: {waited:?}; the task goes on", now());
    let flag = save.await.expect("fetch does not panic");
    println!("{:>5?}  later: {flag}", now());
    // ANCHOR_END: shield
}

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
