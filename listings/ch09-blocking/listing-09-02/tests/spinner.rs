//! Runs the spinner and checks its verdicts: frozen while the check holds
//! the runtime's thread, turning while it runs on the blocking pool.

#[test]
fn the_spinner_freezes_then_turns() {
    let (status, text) = run(&[]);
    assert!(status.success());
    let verdicts: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("spinner kept turning: "))
        .collect();
    assert_eq!(verdicts, ["no, 0 frames", "yes"], "{text}");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output, killing it and failing if it takes over a minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-09-02"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the program");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("the program did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut stdout = child.stdout.take().expect("piped");
    stdout.read_to_string(&mut out).expect("UTF-8 output");
    (status, out)
}
