//! Blocking work that can be stopped, because it asks: a prime check that
//! looks at a `CancellationToken` between chunks of divisors. First the
//! token is cancelled by hand after a timeout; then a drop guard ties the
//! token to the future that awaits the check, so dropping that future,
//! as `timeout` does, stops the check too.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::task::spawn_blocking;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

/// A prime that takes about a second to check by trial division. An
/// optimised build divides some thirty times faster, so it checks a larger
/// one; the output the book shows is the debug build's.
const PRIME: u64 = if cfg!(debug_assertions) {
    800_000_000_000_017
} else {
    1_000_000_000_000_000_003
};
/// How many divisors to try between two looks at the token.
const CHUNK: usize = 100_000;

/// The check stopped before it had an answer.
#[derive(Debug, PartialEq, Eq)]
struct Cancelled;

/// How many checks have stopped early, so `main` can see it.
static STOPPED: AtomicU32 = AtomicU32::new(0);

// ANCHOR: check
/// Trial division, looking at `token` before each chunk of divisors.
fn is_prime(n: u64, token: &CancellationToken) -> Result<bool, Cancelled> {
    if n < 2 || n.is_multiple_of(2) {
        return Ok(n == 2);
    }
    let divisors = (3..).step_by(2).take_while(|d| d * d <= n);
    for (i, d) in divisors.enumerate() {
        if i % CHUNK == 0 && token.is_cancelled() {
            STOPPED.fetch_add(1, Ordering::SeqCst);
            return Err(Cancelled);
        }
        if n.is_multiple_of(d) {
            return Ok(false);
        }
    }
    Ok(true)
}
// ANCHOR_END: check

// ANCHOR: guarded
/// Checks `n` on the blocking pool; if this future is dropped before the
/// answer comes, the guard cancels the token and the check stops.
async fn is_prime_off_thread(n: u64) -> Result<bool, Cancelled> {
    let token = CancellationToken::new();
    let _cancel_on_drop = token.clone().drop_guard();
    let job = spawn_blocking(move || is_prime(n, &token));
    job.await.expect("the check does not panic")
}
// ANCHOR_END: guarded

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let token = CancellationToken::new();
    let job_token = token.clone();
    let mut job = spawn_blocking(move || is_prime(PRIME, &job_token));
    let patience = Duration::from_millis(100);
    if timeout(patience, &mut job).await.is_err() {
        token.cancel(); // the job sees it at its next chunk
    }
    println!("by hand: {:?}", job.await.expect("no panic"));

    let late = timeout(patience, is_prime_off_thread(PRIME)).await;
    println!("drop guard: timed out = {}", late.is_err());
    // The abandoned check should notice within a chunk; give it 5 s.
    let noticed = timeout(Duration::from_secs(5), async {
        while STOPPED.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    println!("the abandoned check stopped: {}", noticed.await.is_ok());
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_when_not_cancelled() {
        let token = CancellationToken::new();
        let primes: Vec<u64> = (0..30)
            .filter(|&n| is_prime(n, &token) == Ok(true))
            .collect();
        assert_eq!(primes, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
        assert_eq!(is_prime(1_000_000_000_039, &token), Ok(true));
        assert_eq!(is_prime(1_000_000_000_041, &token), Ok(false));
    }

    #[test]
    fn a_cancelled_token_stops_the_check_at_once() {
        let token = CancellationToken::new();
        token.cancel();
        assert_eq!(is_prime(PRIME, &token), Err(Cancelled));
    }
}
