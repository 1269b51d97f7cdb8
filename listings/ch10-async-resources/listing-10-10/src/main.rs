//! A guard held across an `.await` holds the resource for the whole wait.
//! Tokio's `MutexGuard` may be held there (it is `Send`, and the compiler
//! says nothing), so the only sign is the time it takes: four lookups of
//! 100 ms each take 400 ms instead of 100.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

type Cache = Mutex<HashMap<String, String>>;

/// A slow source of answers: a network round trip, say.
async fn fetch(key: &str) -> String {
    sleep(Duration::from_millis(100)).await;
    key.to_uppercase()
}

// ANCHOR: held
/// Locks the cache for the whole fetch: every other caller waits.
async fn lookup_held(cache: &Cache, key: &str) -> String {
    let mut entries = cache.lock().await;
    if let Some(value) = entries.get(key) {
        return value.clone();
    }
    let value = fetch(key).await; // still holding the lock
    entries.insert(key.to_owned(), value.clone());
    value
}
// ANCHOR_END: held

// ANCHOR: scoped
/// Locks only to look and to store; the fetch runs unlocked.
async fn lookup_scoped(cache: &Cache, key: &str) -> String {
    if let Some(value) = cache.lock().await.get(key) {
        return value.clone();
    } // the temporary guard is dropped at the end of the `if let`
    let value = fetch(key).await;
    cache.lock().await.insert(key.to_owned(), value.clone());
    value
}
// ANCHOR_END: scoped

async fn four_lookups(held: bool) -> Duration {
    let cache = Arc::new(Cache::default());
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for key in ["br", "cn", "in", "us"] {
        let cache = Arc::clone(&cache);
        tasks.spawn(async move {
            if held {
                lookup_held(&cache, key).await
            } else {
                lookup_scoped(&cache, key).await
            }
        });
    }
    tasks.join_all().await;
    start.elapsed()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("guard held across fetch: {:?}", four_lookups(true).await);
    println!("guard dropped before it: {:?}", four_lookups(false).await);
}
