//! Exercise 9-1, a solution: counting primes on rayon's pool in chunks;
//! before each chunk the job asks whether anyone still waits for the
//! answer (`Sender::is_closed`), so dropping the future stops the work.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;
use tokio::sync::oneshot;

/// Numbers per chunk: the job looks at the receiver this often.
const CHUNK: u64 = 10_000;

/// Chunks counted so far, across every call, so a test can watch.
static CHUNKS_DONE: AtomicUsize = AtomicUsize::new(0);

fn is_prime(n: u64) -> bool {
    if n < 2 || n.is_multiple_of(2) {
        return n == 2;
    }
    (3..)
        .step_by(2)
        .take_while(|d| d * d <= n)
        .all(|d| !n.is_multiple_of(d))
}

// ANCHOR: solution
/// Counts the primes below `limit` on rayon's pool. If this future is
/// dropped, the receiver goes with it, and the job stops within a chunk.
async fn count_primes(limit: u64) -> Option<usize> {
    let (answer, answered) = oneshot::channel();
    rayon::spawn(move || {
        let chunks = limit.div_ceil(CHUNK);
        let count = (0..chunks).into_par_iter().map(|c| {
            if answer.is_closed() {
                return None; // nobody is waiting: give up
            }
            let end = ((c + 1) * CHUNK).min(limit);
            let primes = (c * CHUNK..end).filter(|&n| is_prime(n)).count();
            CHUNKS_DONE.fetch_add(1, Ordering::Relaxed);
            Some(primes)
        });
        if let Some(count) = count.sum::<Option<usize>>() {
            let _ = answer.send(count);
        }
    });
    answered.await.ok()
}
// ANCHOR_END: solution

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let count = count_primes(1_000_000).await;
    println!("primes below 1,000,000: {count:?}");
    let cut = tokio::time::timeout(Duration::from_millis(50), async {
        count_primes(1_000_000_000).await
    });
    println!("a count too big to wait for: {:?}", cut.await.ok());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts with a deadline, so a pool kept busy fails the test.
    async fn count_within_a_minute(limit: u64) -> Option<usize> {
        let count = count_primes(limit);
        tokio::time::timeout(Duration::from_secs(60), count)
            .await
            .expect("the count ends within a minute")
    }

    #[tokio::test]
    async fn counts_right() {
        assert_eq!(count_within_a_minute(0).await, Some(0));
        assert_eq!(count_within_a_minute(100).await, Some(25));
        assert_eq!(count_within_a_minute(25_001).await, Some(2_762));
    }

    #[tokio::test]
    async fn dropping_the_future_stops_the_job() {
        // Hours of work, in chunks of a tenth of a second or so.
        let limit = 1_000_000_000;
        let cut = tokio::time::timeout(
            Duration::from_millis(100),
            count_primes(limit),
        );
        assert!(cut.await.is_err(), "the count cannot be done in 100 ms");
        // Once the job has stopped, the count no longer moves.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let before = CHUNKS_DONE.load(Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(500)).await;
            if CHUNKS_DONE.load(Ordering::Relaxed) == before {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the job still counts 30 s after its future was dropped"
            );
        }
    }
}
