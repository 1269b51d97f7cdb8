//! `StreamExt` as an async comprehension.

use std::future::ready;
use std::time::Duration;

use futures::{StreamExt, stream};
use tokio::time::{Instant, sleep};

const WORDS: [&str; 8] = ["as", "dyn", "fn", "for", "if", "in", "mod", "use"];

/// Pretends to ask a DNS server whether `name` exists.
async fn exists(name: &str) -> bool {
    println!("{:>5?}  asking {name}", now());
    sleep(Duration::from_millis(100)).await;
    ["as.test", "fn.test", "if.test"].contains(&name)
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    // Python, without the limit of two:
    // [name async for name in names() if await exists(name)]
    let found: Vec<String> = stream::iter(WORDS)
        .filter(|word| ready(word.len() == 2))
        .map(|word| format!("{word}.test"))
        .then(|name| async move {
            let found = exists(&name).await;
            (name, found)
        })
        .filter_map(|(name, found)| ready(found.then_some(name)))
        .take(2)
        .collect()
        .await;
    println!("{:>5?}  {found:?}", now());
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
