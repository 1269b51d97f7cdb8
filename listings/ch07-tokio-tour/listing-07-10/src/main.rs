//! `tokio::sync` beside asyncio's synchronization primitives: `Mutex`
//! (and when std's is the right one), `Semaphore`, `Notify` and `Barrier`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Barrier, Mutex, Notify, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

// ANCHOR: mutex
/// asyncio.Lock held across an await: Tokio's Mutex, whose guard may
/// live across `.await`. A counter touched without awaiting takes std's.
async fn locks() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let hits = Arc::new(std::sync::Mutex::new(0));
    let mut tasks = JoinSet::new();
    for name in ["ana", "bo"] {
        let (log, hits) = (Arc::clone(&log), Arc::clone(&hits));
        tasks.spawn(async move {
            *hits.lock().unwrap() += 1; // locked and unlocked, no await
            let mut log = log.lock().await; // waits if the other task holds it
            sleep(Duration::from_millis(100)).await; // a slow write
            log.push(format!("{:?} {name}", now()));
        });
    }
    tasks.join_all().await;
    let log = log.lock().await;
    println!("hits {}, log {:?}", hits.lock().unwrap(), *log);
}
// ANCHOR_END: mutex

// ANCHOR: semaphore
/// asyncio.Semaphore(2): at most two fetches at a time.
async fn limited() {
    let slots = Arc::new(Semaphore::new(2));
    let mut tasks = JoinSet::new();
    for cc in ["BR", "CN", "IN", "US"] {
        let slots = Arc::clone(&slots);
        tasks.spawn(async move {
            let _permit = slots.acquire().await.expect("never closed");
            println!("{:>5?}  {cc} starts", now());
            sleep(Duration::from_millis(100)).await;
        }); // the permit goes back when `_permit` is dropped
    }
    tasks.join_all().await;
}
// ANCHOR_END: semaphore

// ANCHOR: notify
/// asyncio.Event: tasks wait until another task says "go".
async fn event() {
    let go = Arc::new(Notify::new());
    let mut runners = JoinSet::new();
    for name in ["ana", "bo"] {
        let go = Arc::clone(&go);
        runners.spawn(async move {
            go.notified().await;
            println!("{:>5?}  {name} runs", now());
        });
    }
    sleep(Duration::from_millis(100)).await; // both are waiting by now
    go.notify_waiters(); // wakes every task waiting now; remembers nothing
    runners.join_all().await;
}
// ANCHOR_END: notify

// ANCHOR: barrier
/// asyncio.Barrier(3): nobody passes until all three have arrived.
async fn barrier() {
    let meeting = Arc::new(Barrier::new(3));
    let mut walkers = JoinSet::new();
    for (name, ms) in [("ana", 100), ("bo", 300), ("cy", 200)] {
        let meeting = Arc::clone(&meeting);
        walkers.spawn(async move {
            sleep(Duration::from_millis(ms)).await;
            println!("{:>5?}  {name} arrives", now());
            let leader = meeting.wait().await.is_leader();
            (name, now(), leader)
        });
    }
    // The walkers are woken in no fixed order: sort them by name.
    let mut passed = walkers.join_all().await;
    passed.sort();
    for (name, at, leader) in passed {
        println!("{at:>5?}  {name} passes (leader: {leader})");
    }
}
// ANCHOR_END: barrier

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    locks().await;
    limited().await;
    event().await;
    barrier().await;
}

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
