//! Long async loops on one thread. A neighbour task counts how often it
//! runs while a loop works through 100,000 items, three ways: never
//! yielding, calling `yield_now` every 1,000 items, and receiving the items
//! from a Tokio channel, whose cooperative budget makes the loop yield.

use std::future::ready;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc;
use tokio::task::yield_now;

const ITEMS: u64 = 100_000;

// ANCHOR: yielding
/// Awaits a future that is always ready: `.await` here never suspends.
async fn never_yields() -> u64 {
    let mut sum = 0;
    for n in 0..ITEMS {
        sum += ready(n).await;
    }
    sum
}

/// Gives the scheduler a turn every 1,000 items.
async fn yields_now_and_then() -> u64 {
    let mut sum = 0;
    for n in 0..ITEMS {
        sum += ready(n).await;
        if n % 1_000 == 999 {
            yield_now().await;
        }
    }
    sum
}

// ANCHOR_END: yielding

// ANCHOR: receives
/// Receives every item from a channel that already holds them all.
async fn receives(mut items: mpsc::UnboundedReceiver<u64>) -> u64 {
    let mut sum = 0;
    while let Some(n) = items.recv().await {
        sum += n;
    }
    sum
}
// ANCHOR_END: receives

/// How many times the neighbour has run.
static TURNS: AtomicU64 = AtomicU64::new(0);

/// Runs `work` to its end; prints its sum and the neighbour's turns.
async fn watch(name: &str, work: impl Future<Output = u64>) {
    let before = TURNS.load(Ordering::Relaxed);
    let sum = work.await;
    let turns = TURNS.load(Ordering::Relaxed) - before;
    println!("{name:<20} sum {sum}, neighbour ran {turns} times");
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(async {
        loop {
            TURNS.fetch_add(1, Ordering::Relaxed);
            yield_now().await;
        }
    });
    yield_now().await; // let the neighbour start

    let (tx, rx) = mpsc::unbounded_channel();
    (0..ITEMS).for_each(|n| tx.send(n).expect("the channel is open"));
    drop(tx);

    watch("never yields:", never_yields()).await;
    watch("yield_now per 1,000:", yields_now_and_then()).await;
    watch("channel recv:", receives(rx)).await;
}
// ANCHOR_END: main
