//! A deadline for any future, on any runtime: the caller brings the timer.

use futures::future::{Either, select};
use std::fmt;
use std::pin::pin;

/// The timer went off first.
#[derive(Debug, PartialEq)]
pub struct TimedOut;

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline passed")
    }
}

impl std::error::Error for TimedOut {}

// ANCHOR: solution
/// Runs `work` until it finishes or `timer` completes, whichever is first;
/// the loser is dropped, which cancels it.
pub async fn with_deadline<T>(
    work: impl Future<Output = T>,
    timer: impl Future,
) -> Result<T, TimedOut> {
    match select(pin!(work), pin!(timer)).await {
        Either::Left((output, _timer)) => Ok(output),
        Either::Right((_, _work)) => Err(TimedOut),
    }
}
// ANCHOR_END: solution
