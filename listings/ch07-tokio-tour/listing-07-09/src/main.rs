//! `JoinSet`: results in completion order (`as_completed`), the first
//! error stops the rest (`TaskGroup`), and dropping a set aborts its tasks.

use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Says when a fetch's future is dropped before it finished.
struct Unfinished(&'static str);

impl Drop for Unfinished {
    fn drop(&mut self) {
        println!("{:>5?}  {} dropped unfinished", now(), self.0);
    }
}

async fn fetch(cc: &'static str, ms: u64) -> Result<String, String> {
    let guard = Unfinished(cc);
    sleep(Duration::from_millis(ms)).await;
    std::mem::forget(guard); // finished: nothing to report
    if cc == "XX" {
        return Err(format!("no flag for {cc}"));
    }
    Ok(format!("{cc}.gif"))
}

// ANCHOR: as_completed
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let mut set = JoinSet::new();
    for (cc, ms) in [("IN", 300), ("CN", 100), ("US", 200)] {
        set.spawn(fetch(cc, ms));
    }
    // Like `for task in as_completed(tasks)`: whichever finishes next.
    while let Some(joined) = set.join_next().await {
        let flag = joined.expect("fetch does not panic");
        println!("{:>5?}  {flag:?}", now());
    }
    // ANCHOR_END: as_completed
    // ANCHOR: task_group
    let codes = [("IN", 300), ("XX", 100), ("US", 200)];
    let flags = all_or_nothing(&codes).await;
    println!("{:>5?}  all or nothing: {flags:?}", now());
    // ANCHOR_END: task_group
    // ANCHOR: drop_set
    {
        let mut set = JoinSet::new();
        set.spawn(fetch("DE", 100));
        set.spawn(fetch("FR", 200));
        sleep(Duration::from_millis(50)).await;
    } // the set is dropped here, and aborts both tasks
    sleep(Duration::from_millis(500)).await;
    println!("{:>5?}  nothing else happened", now());
}
// ANCHOR_END: drop_set

// ANCHOR: all_or_nothing
/// Like `async with TaskGroup()`: every flag, or the first error once the
/// other tasks have been stopped.
async fn all_or_nothing(
    codes: &[(&'static str, u64)],
) -> Result<Vec<String>, String> {
    let mut set = JoinSet::new();
    for &(cc, ms) in codes {
        set.spawn(fetch(cc, ms));
    }
    let mut flags = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined.expect("fetch does not panic") {
            Ok(flag) => flags.push(flag),
            Err(error) => {
                set.shutdown().await; // abort the others, wait until they stop
                return Err(error);
            }
        }
    }
    Ok(flags)
}
// ANCHOR_END: all_or_nothing

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
