//! Counting primes on every core with rayon, from async code: the work
//! goes to rayon's thread pool, and the answer comes back through a
//! oneshot channel, which async code can await. Meanwhile a ticker on
//! the runtime's only thread wakes up, as it could not if the counting
//! held that thread.

use std::time::Duration;

use rayon::prelude::*;
use tokio::sync::oneshot;

/// Trial division: about `sqrt(n) / 2` divisions for a prime.
fn is_prime(n: u64) -> bool {
    if n < 2 || n.is_multiple_of(2) {
        return n == 2;
    }
    (3..)
        .step_by(2)
        .take_while(|d| d * d <= n)
        .all(|d| !n.is_multiple_of(d))
}

// ANCHOR: count
/// Counts the primes below `limit` on rayon's pool, one thread per core,
/// without holding the caller's thread.
async fn count_primes(limit: u64) -> usize {
    let (answer, answered) = oneshot::channel();
    rayon::spawn(move || {
        let count = (0..limit).into_par_iter().filter(|&n| is_prime(n));
        // The receiver is gone if the caller stopped waiting: fine.
        let _ = answer.send(count.count());
    });
    answered.await.expect("the job sends before it ends")
}
// ANCHOR_END: count

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    tokio::spawn(async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        println!("ticker: woke while rayon was counting");
    });
    let count = count_primes(1_000_000).await;
    println!("primes below 1,000,000: {count}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_like_a_plain_loop() {
        let plain = (0..10_000).filter(|&n| is_prime(n)).count();
        for (limit, expected) in [(10_000, plain), (100, 25), (0, 0)] {
            let count = count_primes(limit);
            let count = tokio::time::timeout(Duration::from_secs(60), count)
                .await
                .expect("the count ends within a minute");
            assert_eq!(count, expected, "below {limit}");
        }
    }
}
