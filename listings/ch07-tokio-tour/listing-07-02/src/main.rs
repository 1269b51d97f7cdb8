//! Tasks: `tokio::spawn` beside `asyncio.create_task`, the `JoinHandle`
//! that returns the task's output, a detached task, and a task that panics.

use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Pretends to fetch a page: waits, then returns its length.
async fn fetch(name: &'static str, delay_ms: u64) -> usize {
    sleep(Duration::from_millis(delay_ms)).await;
    println!("{:>5?}  fetched {name}", now());
    name.len() * 100
}

// ANCHOR: spawn
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    quiet_panics(); // a panic hook for the last part: see "When a Task Panics"
    // Both tasks start running now, side by side, like create_task.
    let home = tokio::spawn(fetch("home", 300));
    let about = tokio::spawn(fetch("about", 100));
    println!("{:>5?}  spawned two tasks", now());
    // Awaiting a handle waits for its task's output.
    let home_len = home.await.expect("fetch does not panic");
    let about_len = about.await.expect("fetch does not panic");
    println!(
        "{:>5?}  home {home_len} bytes, about {about_len} bytes",
        now()
    );
    // ANCHOR_END: spawn
    // ANCHOR: detach
    // Dropping the handle detaches the task; it still runs.
    drop(tokio::spawn(fetch("detached", 100)));
    sleep(Duration::from_millis(200)).await;
    // ANCHOR_END: detach
    // ANCHOR: panic
    let broken = tokio::spawn(async {
        sleep(Duration::from_millis(100)).await;
        let pages: Vec<usize> = Vec::new();
        pages[0] // index out of bounds: this task panics
    });
    match broken.await {
        Ok(len) => println!("len {len}"),
        Err(error) if error.is_panic() => println!("{:>5?}  {error}", now()),
        Err(error) => println!("{:>5?}  other error: {error}", now()),
    }
    println!("{:>5?}  main goes on", now());
}
// ANCHOR_END: panic

/// Virtual time since the runtime started (paused time starts at zero
/// offset when `main` begins).
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Replaces the default panic message, which names a thread id that
/// changes from run to run, with one line that does not.
fn quiet_panics() {
    now();
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        println!("{:>5?}  panic hook: {message}", now());
    }));
}
