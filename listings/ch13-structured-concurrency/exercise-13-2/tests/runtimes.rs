//! The same function with each runtime's own timer.

use exercise_13_2::{TimedOut, with_deadline};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

const SHORT: Duration = Duration::from_millis(10);
const LONG: Duration = Duration::from_secs(30);

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

#[tokio::test(start_paused = true)]
async fn tokio_timers() {
    let quick = async {
        tokio::time::sleep(SHORT).await;
        "done"
    };
    assert_eq!(
        with_deadline(quick, tokio::time::sleep(LONG)).await,
        Ok("done")
    );
    let slow = tokio::time::sleep(LONG);
    assert_eq!(
        with_deadline(slow, tokio::time::sleep(SHORT)).await,
        Err(TimedOut)
    );
}

#[test]
fn smol_timers() {
    within_deadline(|| smol::block_on(smol_run()));
}

async fn smol_run() {
    let slow = smol::Timer::after(LONG);
    assert_eq!(
        with_deadline(slow, smol::Timer::after(SHORT)).await,
        Err(TimedOut)
    );
    let ready = async { 7 };
    assert_eq!(with_deadline(ready, smol::Timer::after(LONG)).await, Ok(7));
}

#[test]
fn futures_executor_with_smol_timers() {
    let outcome = within_deadline(|| {
        let slow = futures::future::pending::<()>();
        let timer = smol::Timer::after(SHORT);
        futures::executor::block_on(with_deadline(slow, timer))
    });
    assert_eq!(outcome, Err(TimedOut));
}
