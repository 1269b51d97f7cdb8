//! The executor's protocol with its wakers, checked with loom (ci/loom.sh):
//! the executor drains its queue, checks the count of live tasks and sleeps
//! in the reactor, while other threads `send` a task and `notify` the
//! reactor, or drop the last waker of a task. `reactor_model.rs` stands in
//! for the poller. A lost wake-up leaves the executor asleep in the model's
//! `wait` with no thread left to notify it, which loom reports as a
//! deadlock; each test runs once per interleaving loom can tell apart.

use crate::executor::Executor;
use loom::sync::Mutex;
use loom::thread;
use std::future::poll_fn;
use std::sync::Arc;
use std::task::{Poll, Waker};

/// A flag that another thread raises, and the waker to call when it does.
type Flag = Arc<Mutex<(bool, Option<Waker>)>>;

/// Ready once the flag is raised; checks and registers under one lock.
async fn flag_raised(flag: Flag) {
    poll_fn(|cx| {
        let mut state = flag.lock().unwrap();
        if state.0 {
            return Poll::Ready(());
        }
        state.1 = Some(cx.waker().clone());
        Poll::Pending
    })
    .await
}

fn raise(flag: &Flag) {
    let waker = {
        let mut state = flag.lock().unwrap();
        state.0 = true;
        state.1.take()
    };
    if let Some(waker) = waker {
        waker.wake(); // `send` on the queue, then `notify` the reactor
    }
}

// ANCHOR: loom_test
#[test]
fn a_wake_from_another_thread_gets_the_executor_out_of_the_reactor() {
    loom::model(|| {
        let executor = Executor::new().unwrap();
        let flag: Flag = Arc::new(Mutex::new((false, None)));
        executor.spawner().spawn(flag_raised(Arc::clone(&flag)));
        let raiser = thread::spawn(move || raise(&flag));
        // `run` returns once the task has completed; if the wake-up were
        // lost in any interleaving, loom would report a deadlock here.
        executor.run().unwrap();
        raiser.join().unwrap();
    });
}
// ANCHOR_END: loom_test

#[test]
fn two_wakes_at_once_are_not_lost() {
    loom::model(|| {
        let executor = Executor::new().unwrap();
        let flags: [Flag; 2] = Default::default();
        let [first, second] = flags.clone();
        executor.spawner().spawn(async move {
            flag_raised(first).await;
            flag_raised(second).await;
        });
        let raisers = flags.map(|flag| thread::spawn(move || raise(&flag)));
        executor.run().unwrap();
        for raiser in raisers {
            raiser.join().unwrap();
        }
    });
}

#[test]
fn a_task_dropped_on_another_thread_ends_run() {
    loom::model(|| {
        let executor = Executor::new().unwrap();
        executor.spawner().spawn(poll_fn(|cx| {
            // The only waker goes to a thread that drops it unused: the
            // task is dropped there, or here if that thread is quicker.
            let waker = cx.waker().clone();
            thread::spawn(move || drop(waker));
            Poll::<()>::Pending
        }));
        executor.run().unwrap();
    });
}
