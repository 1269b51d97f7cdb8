//! `abort` on a `spawn_blocking` job that has started: the job has no
//! `.await` at which the runtime could drop it, so it runs to its end.

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::Duration;

use tokio::sync::oneshot;

/// How many of its five steps the job has finished.
static STEPS: AtomicU32 = AtomicU32::new(0);

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (started, has_started) = oneshot::channel();
    let job = tokio::task::spawn_blocking(move || {
        let _ = started.send(());
        for _ in 0..5 {
            thread::sleep(Duration::from_millis(100)); // a step of work
            STEPS.fetch_add(1, Ordering::SeqCst);
        }
        "all five steps done"
    });
    has_started.await.expect("the job starts");
    job.abort();
    println!("abort() called while the job ran");
    let joined = job.await;
    println!("the handle says: {joined:?}");
    println!("steps finished: {}", STEPS.load(Ordering::SeqCst));
}
// ANCHOR_END: main
