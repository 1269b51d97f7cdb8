//! Cancellation: `abort()` stops a task at the `.await` where it is
//! suspended; what runs then is `Drop`, and nothing else.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: guard
/// Stands for a resource the task must release however it ends: a temp
/// file, a slot in a pool, a half-written record.
struct TempFile(&'static str);

impl Drop for TempFile {
    // Runs when the task's future is dropped, finished or not. It cannot
    // `.await`: Drop is an ordinary, synchronous function.
    fn drop(&mut self) {
        println!("{:>5?}  drop: removing {}", now(), self.0);
    }
}

async fn download(steps: u32) -> u32 {
    let _file = TempFile("flag.part");
    for step in 1..=steps {
        sleep(Duration::from_millis(100)).await;
        println!("{:>5?}  step {step} of {steps}", now());
    }
    steps
}
// ANCHOR_END: guard

// ANCHOR: abort
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let task = tokio::spawn(download(5));
    sleep(Duration::from_millis(250)).await;
    println!("{:>5?}  abort", now());
    task.abort(); // like task.cancel(): a request, acted on by the runtime
    match task.await {
        Ok(steps) => println!("finished {steps} steps"),
        Err(error) if error.is_cancelled() => {
            println!("{:>5?}  {error}", now());
        }
        Err(error) => println!("failed: {error}"),
    }
}
// ANCHOR_END: abort

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
