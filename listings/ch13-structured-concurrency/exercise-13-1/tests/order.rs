use exercise_13_1::{GroupError, OrderedGroup};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::{Instant, sleep};

async fn after(
    ms: u64,
    outcome: Result<u64, &'static str>,
) -> Result<u64, &'static str> {
    sleep(Duration::from_millis(ms)).await;
    outcome
}

#[tokio::test(start_paused = true)]
async fn outputs_come_back_in_spawn_order_not_finish_order() {
    let mut group = OrderedGroup::default();
    for (ms, value) in [(300, 1), (100, 2), (200, 3)] {
        group.spawn(after(ms, Ok(value)));
    }
    assert_eq!(group.join().await, Ok(vec![1, 2, 3]));
}

/// Sets its flag if dropped: the task it lives in did not finish.
struct Unfinished(Arc<AtomicBool>);

impl Drop for Unfinished {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn the_first_error_still_wins_and_stops_the_rest() {
    let start = Instant::now();
    let stopped = Arc::new(AtomicBool::new(false));
    let guard = Unfinished(Arc::clone(&stopped));
    let mut group = OrderedGroup::default();
    group.spawn(async move {
        let outcome = after(300, Ok(1)).await;
        std::mem::forget(guard);
        outcome
    });
    group.spawn(after(100, Err("broken")));
    assert_eq!(group.join().await, Err(GroupError::Failed("broken")));
    assert_eq!(start.elapsed(), Duration::from_millis(100), "at once");
    assert!(stopped.load(Ordering::SeqCst), "the slow task was stopped");
}

#[tokio::test(start_paused = true)]
async fn a_panic_is_reported() {
    let mut group: OrderedGroup<u64, &str> = OrderedGroup::default();
    group.spawn(async { panic!("a bug") });
    assert_eq!(group.join().await, Err(GroupError::Panicked));
}

#[tokio::test]
async fn an_empty_group_joins_to_nothing() {
    let group: OrderedGroup<u64, &str> = OrderedGroup::default();
    assert_eq!(group.join().await, Ok(vec![]));
}
