//! Streams from async generators: `stream!` and `try_stream!` from the
//! `async-stream` crate.

use std::error::Error;
use std::time::Duration;

use async_stream::{stream, try_stream};
use futures::{Stream, StreamExt, TryStreamExt};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::time::{Instant, sleep};

// ANCHOR: countdown
/// Listing 12-1's countdown as an async generator.
fn countdown(from: u32, period: Duration) -> impl Stream<Item = u32> {
    stream! {
        for n in (1..=from).rev() {
            sleep(period).await;
            yield n;
        }
    }
}
// ANCHOR_END: countdown

// ANCHOR: numbers
type BoxError = Box<dyn Error + Send + Sync>;

/// One number per line; `?` ends the stream with the first error.
fn numbers(
    input: impl AsyncBufRead + Unpin,
) -> impl Stream<Item = Result<u32, BoxError>> {
    try_stream! {
        let mut lines = input.lines();
        while let Some(line) = lines.next_line().await? {
            let n: u32 = line.trim().parse()?;
            yield n;
        }
    }
}
// ANCHOR_END: numbers

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> Result<(), BoxError> {
    now();
    let mut launch = Box::pin(countdown(3, Duration::from_secs(1)));
    while let Some(n) = launch.next().await {
        println!("{:>5?}  {n}", now());
    }

    let mut good = Box::pin(numbers("4\n8\n15\n".as_bytes()));
    while let Some(n) = good.try_next().await? {
        println!("read {n}");
    }
    let bad = numbers("16\ntwenty-three\n42\n".as_bytes());
    let all: Vec<Result<u32, BoxError>> = bad.collect().await;
    let shown: Vec<String> = all.iter().map(|r| format!("{r:?}")).collect();
    println!("{}", shown.join(", "));
    Ok(())
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
