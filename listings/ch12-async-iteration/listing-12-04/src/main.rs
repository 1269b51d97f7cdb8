//! `buffered` against `buffer_unordered`: the same lookups, two orders.

use std::time::Duration;

use futures::{StreamExt, stream};
use tokio::time::{Instant, sleep};

// ANCHOR: lookup
/// Pretends to look `word` up, taking `ms` milliseconds.
async fn lookup(word: &'static str, ms: u64) -> &'static str {
    println!("{:>5?}  {word} starts", now());
    sleep(Duration::from_millis(ms)).await;
    println!("{:>5?}  {word} answers", now());
    word
}

const WORDS: [(&str, u64); 4] =
    [("as", 300), ("fn", 100), ("if", 250), ("in", 20)];
// ANCHOR_END: lookup

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    println!("buffered(2):");
    let lookups = stream::iter(WORDS).map(|(word, ms)| lookup(word, ms));
    let mut answers = lookups.buffered(2);
    while let Some(word) = answers.next().await {
        println!("{:>5?}      got {word}", now());
    }

    println!("buffer_unordered(2):");
    let lookups = stream::iter(WORDS).map(|(word, ms)| lookup(word, ms));
    let mut answers = lookups.buffer_unordered(2);
    while let Some(word) = answers.next().await {
        println!("{:>5?}      got {word}", now());
    }
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
