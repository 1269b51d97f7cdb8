//! Exercise 7-2: a pool of workers on one bounded queue, and a producer
//! that waits until every item is processed, like `asyncio.Queue.join`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

// ANCHOR: solution
/// Starts `workers` tasks that share one receiver. A worker holds the lock
/// only while it waits for an item, so the others can process theirs.
fn start_workers(
    workers: usize,
    capacity: usize,
) -> (mpsc::Sender<u64>, JoinSet<u32>) {
    assert!(workers > 0 && capacity > 0, "nothing could take a job");
    let (sender, receiver) = mpsc::channel(capacity);
    let receiver = Arc::new(Mutex::new(receiver));
    let mut pool = JoinSet::new();
    for id in 0..workers {
        let receiver = Arc::clone(&receiver);
        pool.spawn(async move {
            let mut done = 0;
            loop {
                let item = receiver.lock().await.recv().await; // lock released here
                let Some(ms) = item else { break done }; // closed and empty
                sleep(Duration::from_millis(ms)).await;
                println!("{:>5?}  worker {id} did a {ms} ms job", now());
                done += 1;
            }
        });
    }
    (sender, pool)
}
// ANCHOR_END: solution

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let (queue, pool) = start_workers(3, 2);
    for ms in [300, 100, 200, 100, 100, 200] {
        queue.send(ms).await.expect("the workers are running");
    }
    drop(queue); // like queue.join(): close, then wait for the workers
    let per_worker = pool.join_all().await;
    let total: u32 = per_worker.iter().sum();
    println!("{:>5?}  all {total} jobs done", now());
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

    #[tokio::test]
    #[should_panic(expected = "nothing could take a job")]
    async fn no_worker_at_all_is_refused() {
        start_workers(0, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn three_workers_share_the_work() {
        let start = Instant::now();
        let (queue, pool) = start_workers(3, 1);
        for _ in 0..6 {
            within(queue.send(100))
                .await
                .expect("the workers are running");
        }
        drop(queue);
        let per_worker = within(pool.join_all()).await;
        assert_eq!(per_worker.iter().sum::<u32>(), 6);
        // Six 100 ms jobs on three workers: two rounds, not six.
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }
}
