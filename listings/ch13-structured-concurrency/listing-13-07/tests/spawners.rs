//! The library call on each runtime, and the promise of its handles: a
//! dropped handle cancels its task.

use executor_extras::Executor;
use futures::executor::LocalPool;
use futures::task::SpawnExt;
use listing_13_07::{PartOneSpawner, SmolSpawner, TokioSpawner, char_counts};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WORDS: &[&str] = &["a", "ßß", ""];

/// How long one run may take before its test fails.
const DEADLINE: Duration = Duration::from_secs(10);

/// Runs `run` on a thread of its own, so that a run that hangs fails the
/// test at the deadline instead of hanging it.
fn within_deadline<T: Send + 'static>(
    run: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || sender.send(run()));
    match receiver.recv_timeout(DEADLINE) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => panic!("no end within {DEADLINE:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("the run panicked"),
    }
}

#[test]
fn on_tokio() {
    within_deadline(run_on_tokio);
}

fn run_on_tokio() {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let spawner = TokioSpawner(tokio.handle().clone());
    let counts = tokio.block_on(char_counts(&spawner, WORDS));
    assert_eq!(counts.unwrap(), [1, 2, 0]);
}

#[test]
fn on_smol() {
    let counts =
        within_deadline(|| smol::block_on(char_counts(&SmolSpawner, WORDS)));
    assert_eq!(counts.unwrap(), [1, 2, 0]);
}

#[test]
fn on_a_local_pool() {
    let mut pool = LocalPool::new();
    let counts = pool.run_until(char_counts(&pool.spawner(), WORDS));
    assert_eq!(counts.unwrap(), [1, 2, 0]);
}

#[test]
fn on_the_part_one_executor() {
    within_deadline(run_on_the_part_one_executor);
}

fn run_on_the_part_one_executor() {
    let executor = Executor::new().unwrap();
    let spawner = PartOneSpawner(executor.spawner());
    let slot = Arc::new(Mutex::new(None));
    let output = Arc::clone(&slot);
    executor.spawner().spawn(async move {
        *output.lock().unwrap() = Some(char_counts(&spawner, WORDS).await);
    });
    executor.run().unwrap();
    let counts = slot.lock().unwrap().take().expect("the task ran");
    assert_eq!(counts.unwrap(), [1, 2, 0]);
}

/// Sets its flag when dropped.
struct Dropped(Arc<AtomicBool>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn a_dropped_remote_handle_cancels_its_task() {
    let mut pool = LocalPool::new();
    let dropped = Arc::new(AtomicBool::new(false));
    let guard = Dropped(Arc::clone(&dropped));
    let forever = async move {
        let _guard = guard;
        futures::future::pending::<()>().await;
    };
    let handle = pool.spawner().spawn_with_handle(forever).unwrap();
    pool.run_until_stalled(); // the task starts, and waits forever
    assert!(!dropped.load(Ordering::SeqCst));
    drop(handle);
    pool.run_until_stalled();
    assert!(dropped.load(Ordering::SeqCst), "the task was dropped");
}
