//! The leak and its fix, as tests: whether the side job outlives its
//! handler, when the handler finishes and when it is cancelled.

use listing_13_01::{Events, detached, grouped};
use std::time::Duration;
use tokio::time::{sleep, timeout};

const LIMIT: Duration = Duration::from_millis(150);

/// Runs `handler` to its end, or cancels it at 150 ms; then lets a second
/// pass, in which a leaked task can still act.
async fn run<F: Future<Output = ()>>(
    handler: impl FnOnce(Events) -> F,
    cancel: bool,
) -> Vec<String> {
    let events = Events::new();
    let handler = handler(events.clone());
    if cancel {
        assert!(timeout(LIMIT, handler).await.is_err(), "cancelled");
        events.note("handler cancelled");
    } else {
        handler.await;
    }
    sleep(Duration::from_secs(1)).await;
    events.lines()
}

#[tokio::test(start_paused = true)]
async fn a_detached_task_outlives_its_handler() {
    let lines = run(detached, false).await;
    assert_eq!(lines, ["200ms  handler done", "300ms  side job finished"]);
}

#[tokio::test(start_paused = true)]
async fn a_detached_task_outlives_its_cancelled_handler() {
    let lines = run(detached, true).await;
    let expected = ["150ms  handler cancelled", "300ms  side job finished"];
    assert_eq!(lines, expected);
}

#[tokio::test(start_paused = true)]
async fn a_grouped_task_ends_before_its_handler() {
    let lines = run(grouped, false).await;
    assert_eq!(lines, ["300ms  side job finished", "300ms  handler done"]);
}

#[tokio::test(start_paused = true)]
async fn a_grouped_task_is_cancelled_with_its_handler() {
    let lines = run(grouped, true).await;
    let expected = [
        "150ms  handler cancelled",
        "150ms  side job dropped unfinished",
    ];
    assert_eq!(lines, expected);
}
