//! When the executor of Listing 5-11 returns: once every task's future has
//! completed or been dropped, whoever still holds a waker.

use listing_05_11::executor::Executor;
use std::future::poll_fn;
use std::sync::mpsc;
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

/// Runs `executor` on a thread; fails if `run` has not returned in 10 s.
fn run_with_time_limit(executor: Executor) {
    let (done_tx, done_rx) = mpsc::channel();
    thread::spawn(move || done_tx.send(executor.run()));
    done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("`run` did not return with every task finished")
        .expect("the reactor failed");
}

#[test]
fn a_finished_task_whose_waker_lives_on_does_not_keep_run_going() {
    let executor = Executor::new().unwrap();
    let (waker_tx, waker_rx) = mpsc::channel::<Waker>();
    executor.spawner().spawn(poll_fn(move |cx| {
        // Like a timer that will fire after its task has finished.
        waker_tx.send(cx.waker().clone()).unwrap();
        Poll::Ready(())
    }));
    run_with_time_limit(executor);
    let late = waker_rx.recv().unwrap();
    late.wake(); // finds nothing to poll, and no executor: harmless
}

#[test]
fn a_task_dropped_on_another_thread_is_counted_out() {
    let executor = Executor::new().unwrap();
    executor.spawner().spawn(poll_fn(|cx| {
        // Hand the only waker to a thread that drops it without waking:
        // the task can never run again, and is dropped over there.
        let waker = cx.waker().clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            drop(waker);
        });
        Poll::<()>::Pending
    }));
    run_with_time_limit(executor);
}
