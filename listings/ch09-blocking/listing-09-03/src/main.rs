//! Tokio's blocking pool, seen from outside: a runtime whose pool may
//! hold two threads runs six blocking jobs two at a time, and a
//! `tokio::fs` call waits for a free thread of that same pool.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

use tokio::task::spawn_blocking;

// ANCHOR: runtime
fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(2) // 512 unless told otherwise
        .enable_time()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        six_jobs().await;
        fs_uses_the_pool().await;
    });
}
// ANCHOR_END: runtime

// ANCHOR: six_jobs
/// How many jobs are running now, and the most that ever ran at once.
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);

/// Six jobs, each of which waits at a barrier for one other job: they can
/// only finish two at a time, on two threads.
async fn six_jobs() {
    let barrier = Arc::new(Barrier::new(2));
    let jobs: Vec<_> = (0..6)
        .map(|_| {
            let barrier = barrier.clone();
            spawn_blocking(move || {
                let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                MOST.fetch_max(now, Ordering::SeqCst);
                barrier.wait();
                RUNNING.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    for job in jobs {
        job.await.expect("the job does not panic");
    }
    let most = MOST.load(Ordering::SeqCst);
    println!("6 jobs, a pool of 2 threads: at most {most} ran at once");
}
// ANCHOR_END: six_jobs

// ANCHOR: fs
/// Fills both threads of the pool with jobs that wait for a message, then
/// asks `tokio::fs` for a directory's metadata.
async fn fs_uses_the_pool() {
    let (releases, busy): (Vec<_>, Vec<_>) = (0..2)
        .map(|_| {
            let (release, wait) = mpsc::channel::<()>();
            (release, spawn_blocking(move || wait.recv().ok()))
        })
        .unzip();
    let metadata = tokio::fs::metadata(env!("CARGO_MANIFEST_DIR"));
    let mut metadata = Box::pin(metadata);
    let patience = Duration::from_millis(200);
    if tokio::time::timeout(patience, &mut metadata).await.is_err() {
        println!("tokio::fs::metadata, pool busy: no answer after 200 ms");
    }
    drop(releases); // each job's `recv` returns: both threads are free
    let metadata = metadata.await.expect("the directory exists");
    println!("once a thread was free: is_dir = {}", metadata.is_dir());
    for job in busy {
        job.await.expect("the job does not panic");
    }
}
// ANCHOR_END: fs
