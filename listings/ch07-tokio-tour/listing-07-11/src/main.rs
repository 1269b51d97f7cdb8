//! Channels: a bounded `mpsc` queue with backpressure and an end that
//! plays `Queue.join`, `broadcast` to every receiver, and `watch` for the
//! latest value.

use std::time::Duration;

use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::{Instant, sleep};

// ANCHOR: mpsc
/// asyncio.Queue(maxsize=2) between a fast producer and a slow consumer.
async fn queue() {
    let (sender, mut receiver) = mpsc::channel(2);
    let consumer = tokio::spawn(async move {
        // recv returns None once every sender is gone and the queue is empty.
        while let Some(cc) = receiver.recv().await {
            sleep(Duration::from_millis(100)).await; // process the item
            println!("{:>5?}  processed {cc}", now());
        }
    });
    for cc in ["BR", "CN", "IN", "US"] {
        sender.send(cc).await.expect("the consumer is alive");
        println!("{:>5?}  queued {cc}", now()); // waits while the queue is full
    }
    drop(sender); // no more items: the consumer ends after the last one
    consumer.await.expect("no panic"); // like queue.join()
    println!("{:>5?}  all processed", now());
}
// ANCHOR_END: mpsc

// ANCHOR: broadcast
/// Every receiver gets every message.
async fn fan_out() {
    let (sender, _) = broadcast::channel(8);
    let mut listeners = Vec::new();
    for name in ["log", "ui"] {
        let mut receiver = sender.subscribe();
        listeners.push(tokio::spawn(async move {
            while let Ok(event) = receiver.recv().await {
                println!("{:>5?}  {name} got {event}", now());
            }
        }));
    }
    sender.send("started").expect("someone listens");
    sender.send("done").expect("someone listens");
    drop(sender); // recv then returns Err(Closed) after the last message
    for listener in listeners {
        listener.await.expect("no panic");
    }
}
// ANCHOR_END: broadcast

// ANCHOR: watch
/// Only the latest value matters: a reader that falls behind skips.
async fn latest() {
    let (sender, mut receiver) = watch::channel(0);
    let reader = tokio::spawn(async move {
        while receiver.changed().await.is_ok() {
            println!(
                "{:>5?}  progress {}%",
                now(),
                *receiver.borrow_and_update()
            );
            sleep(Duration::from_millis(160)).await; // a slow screen
        }
    });
    for percent in [25, 50, 75, 100] {
        sleep(Duration::from_millis(100)).await;
        sender.send(percent).expect("the reader is alive");
    }
    drop(sender);
    reader.await.expect("no panic");
}
// ANCHOR_END: watch

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    queue().await;
    fan_out().await;
    latest().await;
}

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
