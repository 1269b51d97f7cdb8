//! The spinner: a task draws a turning bar while a slow computation runs.
//! It counts its frames, so the program can say whether it kept turning;
//! it draws them only when standard error is a terminal, so the output
//! the book checks is the same on every run.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// A prime that takes about a second to check by trial division. An
/// optimised build divides some thirty times faster, so it checks a larger
/// one; the output the book shows is the debug build's.
const PRIME: u64 = if cfg!(debug_assertions) {
    800_000_000_000_017
} else {
    1_000_000_000_000_000_003
};

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

// ANCHOR: spin
/// Draws a frame every 50 ms, forever, counting the frames it draws.
async fn spin(frames: Arc<AtomicU32>) {
    let draw = std::io::stderr().is_terminal();
    for bar in ['|', '/', '-', '\\'].into_iter().cycle() {
        if draw {
            eprint!("\r{bar} thinking!");
            std::io::stderr().flush().ok();
        }
        frames.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
// ANCHOR_END: spin

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let frames = Arc::new(AtomicU32::new(0));
    let spinner = tokio::spawn(spin(frames.clone()));
    tokio::task::yield_now().await; // let the spinner draw its first frame

    let before = frames.load(Ordering::Relaxed);
    let prime = is_prime(PRIME); // on the runtime's only thread
    let during = frames.load(Ordering::Relaxed) - before;
    report("on the runtime's thread", prime, during);

    let before = frames.load(Ordering::Relaxed);
    let prime = tokio::task::spawn_blocking(|| is_prime(PRIME))
        .await
        .expect("the check does not panic");
    let during = frames.load(Ordering::Relaxed) - before;
    report("on the blocking pool", prime, during);
    spinner.abort();
}
// ANCHOR_END: main

/// Prints the answer and whether the spinner turned while it was computed.
fn report(place: &str, prime: bool, frames: u32) {
    if std::io::stderr().is_terminal() {
        eprint!("\r{:12}\r", ""); // wipe the spinner's line
    }
    let turned = if frames == 0 { "no, 0 frames" } else { "yes" };
    println!("{PRIME} is prime: {prime}, checked {place}");
    println!("  spinner kept turning: {turned}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prime_is_prime() {
        assert!(is_prime(PRIME));
        assert!(!is_prime(PRIME - 2));
    }
}
