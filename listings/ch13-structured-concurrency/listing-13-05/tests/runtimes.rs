//! One test per runtime, each running the same agnostic code.

use listing_13_05::runtimes::{
    Answers, on_futures_executor, on_part_one, on_smol, on_tokio,
};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

const LINES: &[&str] = &["héllo", "", "ünïcode and ascii"];

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

fn check(run: std::io::Result<Answers>) {
    let (answered, answers) = run.expect("the exchange succeeds");
    assert_eq!(answered, 3, "the service answers every line");
    assert_eq!(answers, ["HÉLLO", "", "ÜNÏCODE AND ASCII"]);
}

#[test]
fn runs_on_tokio_through_compat() {
    check(within_deadline(|| on_tokio(LINES)));
}

#[test]
fn runs_on_smol() {
    check(within_deadline(|| on_smol(LINES)));
}

#[test]
fn runs_on_the_futures_executor_with_smol_sockets() {
    check(within_deadline(|| on_futures_executor(LINES)));
}

#[test]
fn runs_on_the_part_one_executor() {
    check(within_deadline(|| on_part_one(LINES)));
}
