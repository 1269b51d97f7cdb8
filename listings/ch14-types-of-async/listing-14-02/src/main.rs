//! The three errors of `tokio::spawn`'s bounds, each fixed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: rc
/// Fix 1: `Arc` instead of `Rc`; its count is atomic, so it is `Send`.
async fn greet_shared() {
    let task = tokio::spawn(async {
        let name: Arc<str> = Arc::from("ferris");
        sleep(Duration::from_millis(10)).await;
        println!("hello, {name}");
    });
    task.await.unwrap();
}
// ANCHOR_END: rc

// ANCHOR: guard
/// Fix 2: the guard lives in a block that ends before the `.await`.
async fn visit_then_wait() {
    let visits = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&visits);
    let task = tokio::spawn(async move {
        {
            let mut guard = log.lock().unwrap();
            guard.push("home");
        } // the guard is dropped here, before the task can be moved
        sleep(Duration::from_millis(10)).await;
        log.lock().unwrap().push("about");
    });
    task.await.unwrap();
    println!("visits: {:?}", visits.lock().unwrap());
}
// ANCHOR_END: guard

// ANCHOR: borrow
/// Fix 3: the task owns the names and hands them back when it ends.
async fn greet_all() {
    let names = vec![String::from("ferris"), String::from("corro")];
    let task = tokio::spawn(async move {
        for name in &names {
            sleep(Duration::from_millis(10)).await;
            println!("hello, {name}");
        }
        names
    });
    let names = task.await.unwrap();
    println!("greeted {} names", names.len());
}
// ANCHOR_END: borrow

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    greet_shared().await;
    visit_then_wait().await;
    greet_all().await;
}
