//! One test per runtime, each running the same agnostic code.

use listing_13_05::runtimes::{
    Answers, on_futures_executor, on_part_one, on_smol, on_tokio,
};

const LINES: &[&str] = &["héllo", "", "ünïcode and ascii"];

fn check(run: std::io::Result<Answers>) {
    let (answered, answers) = run.expect("the exchange succeeds");
    assert_eq!(answered, 3, "the service answers every line");
    assert_eq!(answers, ["HÉLLO", "", "ÜNÏCODE AND ASCII"]);
}

#[test]
fn runs_on_tokio_through_compat() {
    check(on_tokio(LINES));
}

#[test]
fn runs_on_smol() {
    check(on_smol(LINES));
}

#[test]
fn runs_on_the_futures_executor_with_smol_sockets() {
    check(on_futures_executor(LINES));
}

#[test]
fn runs_on_the_part_one_executor() {
    check(on_part_one(LINES));
}
