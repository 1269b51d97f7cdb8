//! A handler that starts a side job, written twice: with a detached
//! `tokio::spawn`, and with a `JoinSet` that the handler owns.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// What happened, and when (paused time, so the times are exact).
#[derive(Clone)]
pub struct Events {
    start: Instant,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Events {
    pub fn new() -> Events {
        let lines = Arc::new(Mutex::new(Vec::new()));
        Events {
            start: Instant::now(),
            lines,
        }
    }

    pub fn note(&self, what: &str) {
        let line = format!("{:>5?}  {what}", self.start.elapsed());
        println!("{line}");
        self.lines.lock().unwrap().push(line);
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Default for Events {
    fn default() -> Self {
        Events::new()
    }
}

/// Reports a side job dropped before it finished.
struct Unfinished(Events);

impl Drop for Unfinished {
    fn drop(&mut self) {
        self.0.note("side job dropped unfinished");
    }
}

// ANCHOR: handlers
/// Refreshes a cache for 300 ms; the handler does not need its result.
async fn side_job(events: Events) {
    let guard = Unfinished(events.clone());
    sleep(Duration::from_millis(300)).await;
    std::mem::forget(guard);
    events.note("side job finished");
}

pub async fn detached(events: Events) {
    tokio::spawn(side_job(events.clone())); // nobody owns it
    sleep(Duration::from_millis(200)).await;
    events.note("handler done");
}

pub async fn grouped(events: Events) {
    let mut group = JoinSet::new();
    group.spawn(side_job(events.clone()));
    sleep(Duration::from_millis(200)).await;
    // Like leaving `async with TaskGroup()`: wait for the children.
    while group.join_next().await.is_some() {}
    events.note("handler done");
} // a dropped `group` aborts what is left in it
// ANCHOR_END: handlers
