//! The executor's cross-thread wake races, checked with loom: each model
//! runs many times, once per interleaving of its threads that loom can tell
//! apart. A lost wake-up shows up as a deadlock (the executor waits on an
//! empty queue that no thread will ever fill), which loom reports.
//!
//! Run with `ci/loom.sh`. Loom models the `Mutex` and the channel (see the
//! `cfg(loom)` imports in `main.rs`); `Arc` and `Waker` stay std's.

use super::*;
use loom::thread;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a `Flag` future and the thread that raises it share.
type FlagState = Arc<Mutex<(bool, Option<Waker>)>>;

/// Ready once another thread has raised the flag: the simplest future that
/// is woken from another thread.
struct Flag(FlagState);

impl Future for Flag {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock().unwrap();
        if state.0 {
            return Poll::Ready(());
        }
        // Check and register under one lock: were they two steps, the flag
        // could be raised in between and its wake-up lost.
        state.1 = Some(cx.waker().clone());
        Poll::Pending
    }
}

fn raise(flag: &FlagState) {
    let waker = {
        let mut state = flag.lock().unwrap();
        state.0 = true;
        state.1.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

// ANCHOR: loom_test
#[test]
fn a_wake_from_another_thread_is_never_lost() {
    loom::model(|| {
        let (executor, spawner) = executor_and_spawner();
        let flag: FlagState = Arc::new(Mutex::new((false, None)));
        let finished = Arc::new(AtomicUsize::new(0));

        let (task_flag, task_finished) =
            (Arc::clone(&flag), Arc::clone(&finished));
        spawner.spawn(async move {
            Flag(task_flag).await;
            task_finished.fetch_add(1, Ordering::SeqCst);
        });
        drop(spawner);

        let raiser = thread::spawn(move || raise(&flag));
        // Loom's channel never reports "closed", so count instead of
        // waiting for `run` to return. `run_next` blocks on the queue: if
        // the wake-up were lost, loom would report a deadlock here.
        while finished.load(Ordering::SeqCst) == 0 {
            assert!(executor.run_next());
        }
        raiser.join().unwrap();
    });
}

// ANCHOR_END: loom_test

#[test]
fn two_wakes_at_once_finish_the_task_exactly_once() {
    loom::model(|| {
        let (executor, spawner) = executor_and_spawner();
        let flags: [FlagState; 2] = [
            Arc::new(Mutex::new((false, None))),
            Arc::new(Mutex::new((false, None))),
        ];
        let finished = Arc::new(AtomicUsize::new(0));

        let task_flags = flags.clone();
        let task_finished = Arc::clone(&finished);
        spawner.spawn(async move {
            let [first, second] = task_flags;
            Flag(first).await;
            Flag(second).await;
            task_finished.fetch_add(1, Ordering::SeqCst);
        });
        drop(spawner);

        let raisers: Vec<_> = flags
            .into_iter()
            .map(|flag| thread::spawn(move || raise(&flag)))
            .collect();
        while finished.load(Ordering::SeqCst) == 0 {
            assert!(executor.run_next());
        }
        for raiser in raisers {
            raiser.join().unwrap();
        }
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    });
}

/// The bug the tests above look for, on purpose: the flag is checked under
/// one lock and the waker stored under another. If the flag is raised in
/// between, the wake-up goes to no one.
struct BrokenFlag(FlagState);

impl Future for BrokenFlag {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.lock().unwrap().0 {
            return Poll::Ready(());
        }
        // <- the flag may be raised here, by a raiser that finds no waker
        self.0.lock().unwrap().1 = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[test]
#[should_panic(expected = "deadlock")]
fn loom_finds_the_lost_wake_up_of_a_broken_future() {
    loom::model(|| {
        let (executor, spawner) = executor_and_spawner();
        let flag: FlagState = Arc::new(Mutex::new((false, None)));
        let finished = Arc::new(AtomicUsize::new(0));
        let (task_flag, task_finished) =
            (Arc::clone(&flag), Arc::clone(&finished));
        spawner.spawn(async move {
            BrokenFlag(task_flag).await;
            task_finished.fetch_add(1, Ordering::SeqCst);
        });
        drop(spawner);
        let raiser = thread::spawn(move || raise(&flag));
        while finished.load(Ordering::SeqCst) == 0 {
            assert!(executor.run_next());
        }
        raiser.join().unwrap();
    });
}
