//! Introspection: a task's id from inside (`task::id`) and from outside
//! (`JoinHandle::id`), and the runtime's count of tasks still alive.

use std::time::Duration;

use tokio::runtime::Handle;
use tokio::task;
use tokio::time::sleep;

// ANCHOR: ids
async fn worker(name: &'static str, ms: u64) {
    // Like asyncio.current_task(), but an id, not the task itself.
    println!("{name} runs as task {}", task::id());
    sleep(Duration::from_millis(ms)).await;
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // `main`'s body is not a task: `block_on` polls it directly.
    println!("main is a task: {}", task::try_id().is_some());
    let fast = tokio::spawn(worker("fast", 100));
    let slow = tokio::spawn(worker("slow", 300));
    println!("spawned {} and {}", fast.id(), slow.id());
    let metrics = Handle::current().metrics();
    // Look at 50, 150, 250 and 350 ms: between the tasks' wake-ups.
    sleep(Duration::from_millis(50)).await;
    for _ in 0..4 {
        println!("alive tasks: {}", metrics.num_alive_tasks());
        sleep(Duration::from_millis(100)).await;
    }
}
// ANCHOR_END: ids
