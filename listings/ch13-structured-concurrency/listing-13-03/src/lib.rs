//! Cancellation as a tree: a root `CancellationToken`, a child token per
//! branch of work, and a `TaskTracker` that knows when the last task,
//! cleanup included, is done.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Lines of the run, each with its virtual time, printed as they happen.
#[derive(Clone)]
pub struct Log {
    start: Instant,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Log {
    fn note(&self, what: String) {
        let line = format!("{:>5?}  {what}", self.start.elapsed());
        println!("{line}");
        self.lines.lock().unwrap().push(line);
    }
}

// ANCHOR: worker
/// Works in 100 ms steps until its token is cancelled, then takes 50 ms
/// to save its place: cleanup that awaits, which an abort would cut off.
async fn worker(name: &'static str, token: CancellationToken, log: Log) {
    let mut steps = 0;
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            _ = sleep(Duration::from_millis(100)) => steps += 1,
        }
    }
    sleep(Duration::from_millis(50)).await;
    log.note(format!("{name} saved its place after {steps} steps"));
}
// ANCHOR_END: worker

// ANCHOR: tree
pub async fn run() -> Vec<String> {
    let log = Log {
        start: Instant::now(),
        lines: Default::default(),
    };
    let root = CancellationToken::new();
    let tracker = TaskTracker::new();
    let downloads = root.child_token();
    let uploads = root.child_token();
    for name in ["download 1", "download 2"] {
        tracker.spawn(worker(name, downloads.child_token(), log.clone()));
    }
    tracker.spawn(worker("upload", uploads.child_token(), log.clone()));
    tracker.close(); // no more tasks: `wait` can finish once they end

    sleep(Duration::from_millis(250)).await;
    log.note(format!("cancel uploads; {} tasks live", tracker.len()));
    uploads.cancel();
    sleep(Duration::from_millis(200)).await;
    log.note(format!("cancel root; {} tasks live", tracker.len()));
    root.cancel(); // reaches every token below it
    tracker.wait().await;
    log.note("every task has finished".to_string());
    log.lines.lock().unwrap().clone()
}
// ANCHOR_END: tree
