//! Exercise 9-2, a solution: blocking jobs, at most `limit` at a time.
//! The permit moves into the job's closure, so it is released when the
//! job ends, even if the future that awaited the job was dropped first.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::{JoinError, spawn_blocking};

// ANCHOR: solution
/// Runs `job` on the blocking pool once one of `limit`'s permits is free.
async fn spawn_limited<T, F>(
    limit: &Arc<Semaphore>,
    job: F,
) -> Result<T, JoinError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let permit = limit
        .clone()
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    spawn_blocking(move || {
        let _permit = permit; // held until the job returns
        job()
    })
    .await
}
// ANCHOR_END: solution

/// Jobs running now, and the most ever seen at once.
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);

/// A job that takes 20 ms and returns its number squared.
fn square(n: u64) -> u64 {
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    MOST.fetch_max(now, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(20));
    RUNNING.fetch_sub(1, Ordering::SeqCst);
    n * n
}

#[tokio::main]
async fn main() {
    let limit = Arc::new(Semaphore::new(2));
    let jobs = (1..=10).map(|n| {
        let limit = limit.clone();
        tokio::spawn(
            async move { spawn_limited(&limit, move || square(n)).await },
        )
    });
    let mut squares = Vec::new();
    for job in jobs.collect::<Vec<_>>() {
        squares.push(job.await.expect("no panic").expect("no panic"));
    }
    println!("squares: {squares:?}");
    println!("at most 2 at once: {}", MOST.load(Ordering::SeqCst) <= 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_permit_lives_as_long_as_its_job() {
        let limit = Arc::new(Semaphore::new(1));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (started, has_started) = tokio::sync::oneshot::channel();
        let job = spawn_limited(&limit, move || {
            started.send(()).expect("the test waits");
            wait.recv().ok()
        });
        let mut job = Box::pin(job);
        tokio::select! {
            _ = &mut job => panic!("the job cannot end before it is released"),
            _ = has_started => {}
        }
        drop(job); // the future goes; the job runs on
        assert_eq!(limit.available_permits(), 0, "the job still holds it");
        release.send(()).expect("the job waits");
        let permit =
            tokio::time::timeout(Duration::from_secs(10), limit.acquire());
        assert!(
            permit.await.is_ok(),
            "the permit came back when the job ended"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn never_more_than_the_limit() {
        let limit = Arc::new(Semaphore::new(3));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut jobs = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let (limit, running, most) =
                (limit.clone(), running.clone(), most.clone());
            jobs.spawn(async move {
                spawn_limited(&limit, move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(10));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            });
        }
        let all =
            tokio::time::timeout(Duration::from_secs(30), jobs.join_all());
        assert_eq!(all.await.expect("done within 30 s").len(), 12);
        let most = most.load(Ordering::SeqCst);
        assert!((1..=3).contains(&most), "at most {most} ran at once");
    }
}
