//! The group's rules: every output when all succeed; the first error or
//! panic stops the siblings; dropped from outside, it stops them all.

use listing_13_02::{GroupError, TaskGroup};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::{Instant, sleep, timeout};

/// Counts tasks dropped before they finished.
struct Unfinished(Arc<AtomicUsize>);

impl Drop for Unfinished {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A task that sleeps `ms`, then returns `outcome` (or panics on `None`),
/// and counts itself in `dropped` if it never gets that far.
async fn task(
    ms: u64,
    outcome: Option<Result<u64, &'static str>>,
    dropped: Arc<AtomicUsize>,
) -> Result<u64, &'static str> {
    let guard = Unfinished(dropped);
    sleep(Duration::from_millis(ms)).await;
    std::mem::forget(guard);
    outcome.expect("told to panic")
}

fn group(
    tasks: Vec<(u64, Option<Result<u64, &'static str>>)>,
) -> (TaskGroup<u64, &'static str>, Arc<AtomicUsize>) {
    let dropped = Arc::new(AtomicUsize::new(0));
    let mut group = TaskGroup::new();
    for (ms, outcome) in tasks {
        group.spawn(task(ms, outcome, Arc::clone(&dropped)));
    }
    (group, dropped)
}

#[tokio::test(start_paused = true)]
async fn every_output_in_the_order_they_finished() {
    let (group, dropped) = group(vec![
        (300, Some(Ok(3))),
        (100, Some(Ok(1))),
        (200, Some(Ok(2))),
    ]);
    assert_eq!(group.join().await, Ok(vec![1, 2, 3]));
    assert_eq!(dropped.load(Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn the_first_error_stops_the_siblings_before_join_returns() {
    let start = Instant::now();
    let (group, dropped) = group(vec![
        (100, Some(Ok(1))),
        (200, Some(Err("broken"))),
        (300, Some(Err("later"))),
        (900, Some(Ok(9))),
    ]);
    let result = group.join().await;
    assert_eq!(result, Err(GroupError::Failed("broken")));
    assert_eq!(start.elapsed(), Duration::from_millis(200));
    assert_eq!(dropped.load(Ordering::SeqCst), 2, "both later tasks stop");
}

#[tokio::test(start_paused = true)]
async fn a_panic_stops_the_siblings_and_carries_its_message() {
    let (group, dropped) = group(vec![(100, None), (500, Some(Ok(5)))]);
    let result = group.join().await;
    assert_eq!(result, Err(GroupError::Panicked("told to panic".into())));
    assert_eq!(dropped.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_join_from_outside_stops_every_task() {
    let (group, dropped) = group(vec![(500, Some(Ok(5))), (600, Some(Ok(6)))]);
    let limit = Duration::from_millis(100);
    assert!(timeout(limit, group.join()).await.is_err(), "timed out");
    // Aborted tasks are dropped the next time the runtime gets to them.
    tokio::task::yield_now().await;
    assert_eq!(dropped.load(Ordering::SeqCst), 2);
    sleep(Duration::from_secs(1)).await;
    assert_eq!(dropped.load(Ordering::SeqCst), 2, "none ran on");
}

#[tokio::test(start_paused = true)]
async fn dropping_an_unjoined_group_stops_every_task() {
    let (group, dropped) = group(vec![(500, Some(Ok(5)))]);
    tokio::task::yield_now().await; // the task starts, and sleeps
    drop(group);
    tokio::task::yield_now().await;
    assert_eq!(dropped.load(Ordering::SeqCst), 1);
}
