//! The pool's limit and `tokio::fs`'s use of the pool, from the program's
//! own report.

#[test]
fn two_threads_at_most_and_fs_waits_for_one() {
    let (status, text) = run(&[]);
    assert!(status.success());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "6 jobs, a pool of 2 threads: at most 2 ran at once",
            "tokio::fs::metadata, pool busy: no answer after 200 ms",
            "once a thread was free: is_dir = true",
        ]
    );
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output, killing it and failing if it takes over a minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-09-03"))
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
