use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;

// ANCHOR: here
#[tokio::main]
async fn main() {
    let visits = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&visits);
    let task = spawn_logged("visit", async move {
        let mut guard = log.lock().unwrap();
        // The guard is still alive across this await.
        tokio::time::sleep(Duration::from_millis(100)).await;
        guard.push("home");
    });
    task.await.unwrap();
    println!("{:?}", visits.lock().unwrap());
}

/// `tokio::spawn` with a log line: the bounds are `tokio::spawn`'s own.
fn spawn_logged<F>(name: &str, future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    println!("spawning {name}");
    tokio::spawn(future)
}
// ANCHOR_END: here
