//! Runs the spinner and checks its verdicts: frozen while the check holds
//! the runtime's thread, turning while it runs on the blocking pool.

use std::process::Command;

#[test]
fn the_spinner_freezes_then_turns() {
    let out = Command::new(env!("CARGO_BIN_EXE_listing-09-02"))
        .output()
        .expect("run the listing");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let verdicts: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("spinner kept turning: "))
        .collect();
    assert_eq!(verdicts, ["no, 0 frames", "yes"], "{text}");
}
