//! Tests that would catch a broken executor: many tasks, a task that wakes
//! itself, wakers called from other threads, wake-ups after a future has
//! moved, and futures dropped before they complete (no leak, no poll after
//! `Ready`). Each test runs the executor on its own thread and waits for it
//! with a time limit, so a lost wake-up fails the test instead of hanging.

use super::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Runs `executor` on a thread and fails if it has not finished in 10 s;
/// a panic inside `run` fails the test with that panic.
fn run_with_time_limit(executor: Executor) {
    let runner = thread::spawn(move || executor.run());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !runner.is_finished() {
        assert!(
            std::time::Instant::now() < deadline,
            "the executor did not finish: a wake-up was lost"
        );
        thread::sleep(Duration::from_millis(1));
    }
    if let Err(panic) = runner.join() {
        std::panic::resume_unwind(panic);
    }
}

/// Returns `Pending` once, after waking its own task: "let others run".
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

#[test]
fn ten_thousand_tasks_all_complete() {
    let (executor, spawner) = executor_and_spawner();
    let finished = Arc::new(AtomicUsize::new(0));
    for _ in 0..10_000 {
        let finished = Arc::clone(&finished);
        spawner.spawn(async move {
            yield_now().await;
            finished.fetch_add(1, Ordering::SeqCst);
        });
    }
    drop(spawner);
    run_with_time_limit(executor);
    assert_eq!(finished.load(Ordering::SeqCst), 10_000);
}

#[test]
fn a_task_that_wakes_itself_interleaves_fairly() {
    // The queue is first in, first out: two self-waking tasks take turns.
    let (executor, spawner) = executor_and_spawner();
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    for name in ["a", "b"] {
        let log = Arc::clone(&log);
        spawner.spawn(async move {
            for step in 0..3 {
                log.lock().unwrap().push(format!("{name}{step}"));
                yield_now().await;
            }
        });
    }
    drop(spawner);
    run_with_time_limit(executor);
    let log = log.lock().unwrap().join(" ");
    assert_eq!(log, "a0 b0 a1 b1 a2 b2");
}

#[test]
fn wakers_called_from_other_threads_reach_their_tasks() {
    let (executor, spawner) = executor_and_spawner();
    let finished = Arc::new(AtomicUsize::new(0));
    for millis in [30, 10, 20, 0] {
        let finished = Arc::clone(&finished);
        spawner.spawn(async move {
            Timer::new(Duration::from_millis(millis)).await;
            finished.fetch_add(1, Ordering::SeqCst);
        });
    }
    drop(spawner);
    run_with_time_limit(executor);
    assert_eq!(finished.load(Ordering::SeqCst), 4);
}

#[test]
fn a_waiting_task_is_polled_twice_not_spun_on() {
    // Once to start waiting, once when woken 100 ms after that first poll,
    // however late it came: an executor that polled while nothing had
    // changed would count many more.
    let (executor, spawner) = executor_and_spawner();
    let polls = Arc::new(AtomicUsize::new(0));
    let (count, woken) = (Arc::clone(&polls), Arc::new(AtomicBool::new(false)));
    let (waker_tx, waker_rx) = mpsc::channel::<Waker>();
    let mut waker_tx = Some(waker_tx);
    let is_woken = Arc::clone(&woken);
    spawner.spawn(std::future::poll_fn(move |cx| {
        count.fetch_add(1, Ordering::SeqCst);
        if is_woken.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        if let Some(waker_tx) = waker_tx.take() {
            waker_tx.send(cx.waker().clone()).unwrap();
        }
        Poll::Pending
    }));
    drop(spawner);
    thread::spawn(move || {
        let waker = waker_rx.recv_timeout(Duration::from_secs(10));
        thread::sleep(Duration::from_millis(100));
        woken.store(true, Ordering::SeqCst);
        waker.expect("the task was never polled").wake();
    });
    run_with_time_limit(executor);
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

#[test]
fn a_wake_after_the_future_has_moved_reaches_its_new_task() {
    // Poll the timer once by hand, with a waker that goes nowhere; then
    // move it into a box and onto the executor. The wake must reach the
    // executor's waker, given at the second poll, not the first one.
    let mut timer = Timer::new(Duration::from_millis(50));
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut timer).poll(&mut cx).is_pending());
    let moved = Box::new(timer);

    let (executor, spawner) = executor_and_spawner();
    let finished = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&finished);
    spawner.spawn(async move {
        moved.await;
        count.fetch_add(1, Ordering::SeqCst);
    });
    drop(spawner);
    run_with_time_limit(executor);
    assert_eq!(finished.load(Ordering::SeqCst), 1);
}

/// Counts drops, to prove a future was dropped exactly once.
struct DropCounter(Arc<AtomicUsize>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Pending forever, and drops its waker: nothing can ever wake it.
struct Forgotten(#[allow(dead_code)] DropCounter);

impl Future for Forgotten {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

#[test]
fn a_task_nobody_can_wake_is_dropped_not_leaked() {
    let (executor, spawner) = executor_and_spawner();
    let drops = Arc::new(AtomicUsize::new(0));
    spawner.spawn(Forgotten(DropCounter(Arc::clone(&drops))));
    drop(spawner);
    // `run` returns: the last sender went away with the task.
    run_with_time_limit(executor);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&drops), 1, "the future leaked");
}

/// Keeps the waker of its own task and is never woken: a reference cycle
/// (task -> future -> waker -> task).
struct KeepsItsWaker {
    waker: Option<Waker>,
    _counter: DropCounter,
}

impl Future for KeepsItsWaker {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[test]
fn a_task_whose_future_keeps_its_own_waker_is_a_cycle_that_leaks() {
    // What the chapter says of this executor: the task keeps itself
    // alive, so its sender stays, and `run` would wait for ever.
    let (executor, spawner) = executor_and_spawner();
    let drops = Arc::new(AtomicUsize::new(0));
    spawner.spawn(KeepsItsWaker {
        waker: None,
        _counter: DropCounter(Arc::clone(&drops)),
    });
    drop(spawner);
    assert!(executor.run_next(), "the task was polled once");
    drop(executor);
    assert_eq!(drops.load(Ordering::SeqCst), 0, "the future was dropped");
    assert_eq!(Arc::strong_count(&drops), 2, "the future leaked, as said");
}

#[test]
fn a_future_dropped_before_completion_is_dropped_once() {
    // The waker outlives the executor: it is woken from another thread
    // after `run` is gone. The future is dropped once, when the task is.
    let (executor, spawner) = executor_and_spawner();
    let drops = Arc::new(AtomicUsize::new(0));
    let (waker_tx, waker_rx) = mpsc::channel::<Waker>();
    let counter = DropCounter(Arc::clone(&drops));
    spawner.spawn(async move {
        let _counter = counter;
        std::future::poll_fn(|cx| {
            waker_tx.send(cx.waker().clone()).unwrap();
            Poll::<()>::Pending
        })
        .await;
    });
    drop(spawner);
    executor.run_next(); // the one poll; the task now waits for its waker
    drop(executor);
    let waker = waker_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the task was never polled");
    assert_eq!(drops.load(Ordering::SeqCst), 0, "dropped while alive");
    thread::spawn(move || waker.wake()).join().unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&drops), 1, "the future leaked");
}

/// Ready at the second poll; panics if polled after that.
struct ReadyOnce {
    polls: usize,
    done: bool,
}

impl Future for ReadyOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        assert!(!self.done, "polled again after returning Ready");
        self.polls += 1;
        if self.polls < 2 {
            // Wake three times: the task is queued three times over.
            for _ in 0..3 {
                cx.waker().wake_by_ref();
            }
            return Poll::Pending;
        }
        self.done = true;
        Poll::Ready(())
    }
}

#[test]
fn a_finished_task_woken_again_is_not_polled_again() {
    let (executor, spawner) = executor_and_spawner();
    spawner.spawn(ReadyOnce {
        polls: 0,
        done: false,
    });
    drop(spawner);
    // A poll after `Ready` would panic inside `run`, and fail the test.
    run_with_time_limit(executor);
}

#[test]
fn main_runs() {
    // On a thread, with a time limit: a lost wake-up fails the test.
    let runner = std::thread::spawn(main);
    let limit = std::time::Duration::from_secs(10);
    let deadline = std::time::Instant::now() + limit;
    while !runner.is_finished() {
        assert!(
            std::time::Instant::now() < deadline,
            "main did not finish in 10 s: a lost wake-up?"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    runner.join().expect("main panicked");
}

/// Later listings carry a copy of this executor and of the timer, so that
/// each is one file the Playground can run. The copies must not drift.
/// (The timer's copies are checked by the next test.)
#[test]
fn the_copies_in_later_listings_are_unchanged() {
    let source = include_str!("main.rs");
    let executor: String = source
        .split_once("// ANCHOR: task\n")
        .and_then(|(_, rest)| rest.split_once("// ANCHOR_END: run\n"))
        .expect("the anchors")
        .0
        .lines()
        .filter(|line| !line.starts_with("// ANCHOR"))
        .map(|line| format!("{line}\n"))
        .collect();
    let copies = [
        include_str!("../../listing-05-05/src/main.rs"),
        include_str!("../../listing-05-06/src/main.rs"),
        include_str!("../../listing-05-07/src/main.rs"),
        include_str!("../../listing-05-08/src/main.rs"),
        include_str!("../../exercise-05-1/src/main.rs"),
        include_str!("../../exercise-05-2/src/main.rs"),
        include_str!("../../exercise-05-3/src/main.rs"),
        include_str!("../../executor-bench/src/executor.rs"),
    ];
    for (i, copy) in copies.iter().enumerate() {
        assert!(copy.contains(&executor), "copy number {} drifted", i + 1);
    }
}

/// The timer of Listing 5-2, as a copy carries it: without the anchors, and
/// with `std::sync::Mutex` spelled out (Listing 5-4 imports loom's `Mutex`
/// under `--cfg loom`).
fn timer_as_copied() -> String {
    let source = include_str!("../../listing-05-02/src/main.rs");
    let start = source.find("/// A future that becomes ready").unwrap();
    let end = source.find("// ANCHOR_END: poll\n").unwrap();
    let mut timer = source[start..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("// ANCHOR"))
        .map(|line| format!("{line}\n"))
        .collect::<String>();
    while timer.contains("\n\n\n") {
        timer = timer.replace("\n\n\n", "\n\n");
    }
    timer
        .replace("Mutex<Shared>", "std::sync::Mutex<Shared>")
        .replace("Arc::new(Mutex::new(", "Arc::new(std::sync::Mutex::new(")
}

#[test]
fn the_copies_of_the_timer_are_unchanged() {
    let timer = timer_as_copied();
    assert!(timer.contains("impl Future for Timer"), "the anchors moved");
    let copies = [
        (
            "listing-05-03",
            include_str!("../../listing-05-03/src/main.rs"),
        ),
        ("listing-05-04", include_str!("main.rs")),
        (
            "listing-05-05",
            include_str!("../../listing-05-05/src/main.rs"),
        ),
        (
            "listing-05-06",
            include_str!("../../listing-05-06/src/main.rs"),
        ),
        (
            "listing-05-07",
            include_str!("../../listing-05-07/src/main.rs"),
        ),
        (
            "listing-05-08",
            include_str!("../../listing-05-08/src/main.rs"),
        ),
        (
            "exercise-05-2",
            include_str!("../../exercise-05-2/src/main.rs"),
        ),
        (
            "exercise-05-3",
            include_str!("../../exercise-05-3/src/main.rs"),
        ),
    ];
    for (name, copy) in copies {
        assert!(copy.contains(&timer), "the timer in {name} drifted");
    }
}
