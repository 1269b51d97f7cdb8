//! Async closures and the three `AsyncFn` traits: a retry helper that
//! calls its closure one call at a time, and a map that overlaps calls.

use std::time::Duration;

use futures::future::join_all;
use tokio::time::{Instant, sleep};

// ANCHOR: retry
/// Calls `attempt` until it succeeds, at most `tries` times. `AsyncFnMut`:
/// each call may change the closure's state, so calls never overlap.
async fn retry<T, E>(
    tries: u32,
    mut attempt: impl AsyncFnMut() -> Result<T, E>,
) -> Result<T, E> {
    let mut last = attempt().await;
    for _ in 1..tries {
        if last.is_ok() {
            break;
        }
        sleep(Duration::from_millis(100)).await;
        last = attempt().await;
    }
    last
}
// ANCHOR_END: retry

// ANCHOR: map
/// Runs `lookup` on every name at once. `AsyncFn`: the calls only share
/// the closure, so their futures can be alive together.
async fn lookup_all(names: &[&str], lookup: impl AsyncFn(&str) -> usize) {
    let start = Instant::now();
    let lens = join_all(names.iter().map(|name| lookup(name))).await;
    println!("{lens:?} after {:?}", start.elapsed());
}
// ANCHOR_END: map

// ANCHOR: main
async fn retry_demo() {
    let mut calls = 0;
    let got = retry(5, async || {
        calls += 1; // mutable state: this closure is AsyncFnMut
        sleep(Duration::from_millis(10)).await;
        if calls < 3 {
            Err(format!("call {calls} failed"))
        } else {
            Ok(calls)
        }
    })
    .await;
    println!("retry: {got:?} after {calls} calls");
}

async fn lookup_demo() {
    let suffix = String::from(".test");
    lookup_all(&["ferris", "corro"], async |name: &str| {
        sleep(Duration::from_millis(50)).await;
        name.len() + suffix.len() // borrows `suffix`: no clone, no move
    })
    .await;
}
// ANCHOR_END: main

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    retry_demo().await;
    lookup_demo().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn retry_stops_at_the_limit() {
        let mut calls = 0;
        let got: Result<(), u32> = retry(3, async || {
            calls += 1;
            Err(calls)
        })
        .await;
        assert_eq!((got, calls), (Err(3), 3));
    }

    #[tokio::test(start_paused = true)]
    async fn retry_stops_at_the_first_success() {
        let mut calls = 0;
        let got: Result<u32, ()> = retry(5, async || {
            calls += 1;
            Ok(calls)
        })
        .await;
        assert_eq!((got, calls), (Ok(1), 1));
    }
}
