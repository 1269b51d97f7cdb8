//! A branch's cancellation stops only that branch; the root's stops all,
//! and the tracker waits for every cleanup.

use std::time::Duration;
use tokio::time::timeout;

#[tokio::test(start_paused = true)]
async fn a_branch_then_the_root() {
    // Virtual time: if a worker is never cancelled, `wait` never returns
    // while the clock runs on, and this deadline ends the test.
    let deadline = Duration::from_secs(10);
    let lines = timeout(deadline, listing_13_03::run())
        .await
        .expect("every task ends within 10 s of virtual time");
    let expected = [
        "250ms  cancel uploads; 3 tasks live",
        "300ms  upload saved its place after 2 steps",
        "450ms  cancel root; 2 tasks live",
        "500ms  download 2 saved its place after 4 steps",
        "500ms  download 1 saved its place after 4 steps",
        "500ms  every task has finished",
    ];
    assert_eq!(lines, expected);
}
