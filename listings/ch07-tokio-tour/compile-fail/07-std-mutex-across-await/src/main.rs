use std::sync::{Arc, Mutex};
use std::time::Duration;

// ANCHOR: here
#[tokio::main]
async fn main() {
    let visits = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&visits);
    let task = tokio::spawn(async move {
        let mut guard = log.lock().unwrap();
        // The guard is still alive across this await.
        tokio::time::sleep(Duration::from_millis(100)).await;
        guard.push("home");
    });
    task.await.unwrap();
    println!("{:?}", visits.lock().unwrap());
}
// ANCHOR_END: here
