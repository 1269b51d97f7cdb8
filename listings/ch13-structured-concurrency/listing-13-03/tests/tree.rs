//! A branch's cancellation stops only that branch; the root's stops all,
//! and the tracker waits for every cleanup.

#[tokio::test(start_paused = true)]
async fn a_branch_then_the_root() {
    let lines = listing_13_03::run().await;
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
