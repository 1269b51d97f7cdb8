//! Exercise 7-1: `first_ok`, the first success of several racing futures.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

// ANCHOR: solution
/// Runs every future as a task and returns the first `Ok`. Failures are
/// collected; if every future fails, returns all their errors in the order
/// they failed. Returning drops the set, which aborts the tasks still
/// running.
async fn first_ok<T, E, F>(
    futures: impl IntoIterator<Item = F>,
) -> Result<T, Vec<E>>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set: JoinSet<Result<T, E>> = futures.into_iter().collect();
    let mut errors = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined.expect("the futures do not panic") {
            Ok(value) => return Ok(value),
            Err(error) => errors.push(error),
        }
    }
    Err(errors)
}
// ANCHOR_END: solution

/// Pretends to download from a mirror, which may be broken.
async fn download(
    mirror: &'static str,
    ms: u64,
    works: bool,
) -> Result<String, String> {
    sleep(Duration::from_millis(ms)).await;
    println!("{:>5?}  {mirror} answered", now());
    match works {
        true => Ok(format!("flags.zip from {mirror}")),
        false => Err(format!("{mirror} is broken")),
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let mirrors = [("eu", 300, true), ("us", 100, false), ("asia", 200, true)];
    let won = first_ok(mirrors.map(|(m, ms, ok)| download(m, ms, ok))).await;
    println!("{:>5?}  {won:?}", now());
    sleep(Duration::from_millis(500)).await; // "eu" was aborted: no answer
    let mirrors = [("eu", 300, false), ("us", 100, false)];
    let lost = first_ok(mirrors.map(|(m, ms, ok)| download(m, ms, ok))).await;
    println!("{:>5?}  {lost:?}", now());
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deadline for every wait here; on paused time it costs nothing.
    async fn within<F: Future>(future: F) -> F::Output {
        let limit = Duration::from_secs(10);
        let late = "no answer within 10 s of virtual time";
        tokio::time::timeout(limit, future).await.expect(late)
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_success_wins_even_after_a_faster_failure() {
        let start = Instant::now();
        let racers =
            [(300, Ok(3)), (100, Err("fast and broken")), (200, Ok(2))];
        let won = within(first_ok(racers.map(|(ms, result)| async move {
            sleep(Duration::from_millis(ms)).await;
            result
        })))
        .await;
        assert_eq!(won, Ok(2));
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn every_failure_comes_back_in_the_order_it_happened() {
        let racers = [(300, "slow"), (100, "fast"), (200, "middle")];
        let lost = within(first_ok(racers.map(|(ms, name)| async move {
            sleep(Duration::from_millis(ms)).await;
            Err::<(), _>(name)
        })))
        .await;
        assert_eq!(lost, Err(vec!["fast", "middle", "slow"]));
    }

    #[tokio::test(start_paused = true)]
    async fn no_task_is_left_running_after_a_win() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicU32, Ordering};

        // Every racer that runs to its end counts itself.
        let finished = Arc::new(AtomicU32::new(0));
        let won = within(first_ok([100, 300].map(|ms| {
            let finished = Arc::clone(&finished);
            async move {
                sleep(Duration::from_millis(ms)).await;
                finished.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(ms)
            }
        })))
        .await;
        assert_eq!(won, Ok(100));
        sleep(Duration::from_millis(500)).await;
        let finished = finished.load(Ordering::SeqCst);
        assert_eq!(finished, 1, "the loser ran on after first_ok returned");
    }

    #[tokio::test(start_paused = true)]
    async fn no_future_at_all_is_an_empty_list_of_errors() {
        let none: [std::future::Ready<Result<u8, u8>>; 0] = [];
        assert_eq!(within(first_ok(none)).await, Err(Vec::new()));
    }
}
