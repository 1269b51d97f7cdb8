//! tokio-stream's wrappers: Tokio types that already yield items one by
//! one, seen through the `Stream` trait.

use std::io;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use tokio::io::AsyncBufReadExt;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval, sleep};
use tokio_stream::wrappers::{IntervalStream, LinesStream, ReceiverStream};

// ANCHOR: ticks
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> io::Result<()> {
    now();
    let ticks = IntervalStream::new(interval(Duration::from_millis(250)));
    let mut ticks = ticks.take(3); // an Interval never ends by itself
    while let Some(_instant) = ticks.next().await {
        println!("{:>5?}  tick", now());
    }

    let input = "fn\nif\nmod\n".as_bytes(); // a socket or file in real life
    let words: Vec<String> =
        LinesStream::new(input.lines()).try_collect().await?;
    println!("{:>5?}  lines: {words:?}", now());
    // ANCHOR_END: ticks
    // ANCHOR: channel
    let (sender, receiver) = mpsc::channel(8);
    tokio::spawn(async move {
        for word in words {
            sleep(Duration::from_millis(100)).await;
            let _ = sender.send(word).await; // the receiver may be gone
        }
    }); // the task's end drops the sender, which ends the stream below
    let mut shouted = ReceiverStream::new(receiver).map(|w| w.to_uppercase());
    while let Some(word) = shouted.next().await {
        println!("{:>5?}  received {word}", now());
    }
    Ok(())
}
// ANCHOR_END: channel

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
