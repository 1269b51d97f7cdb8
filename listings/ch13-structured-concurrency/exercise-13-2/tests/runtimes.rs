//! The same function with each runtime's own timer.

use exercise_13_2::{TimedOut, with_deadline};
use std::time::Duration;

const SHORT: Duration = Duration::from_millis(10);
const LONG: Duration = Duration::from_secs(30);

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
    smol::block_on(async {
        let slow = smol::Timer::after(LONG);
        assert_eq!(
            with_deadline(slow, smol::Timer::after(SHORT)).await,
            Err(TimedOut)
        );
        let ready = async { 7 };
        assert_eq!(with_deadline(ready, smol::Timer::after(LONG)).await, Ok(7));
    });
}

#[test]
fn futures_executor_with_smol_timers() {
    futures::executor::block_on(async {
        let slow = futures::future::pending::<()>();
        assert_eq!(
            with_deadline(slow, smol::Timer::after(SHORT)).await,
            Err(TimedOut)
        );
    });
}
