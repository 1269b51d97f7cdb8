//! block_in_place on both runtimes, from the program's own report.

#[test]
fn on_the_multi_thread_runtime_the_ticker_keeps_waking() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    assert_eq!(
        text,
        "multi_thread, 1 worker: longest gap under half the call\n"
    );
}

#[test]
fn on_the_current_thread_runtime_it_panics() {
    let (status, text) = run(&["current-thread"]);
    assert_eq!(status.code(), Some(101), "{text}");
    assert!(!text.contains("not reached"), "{text}");
    assert!(
        text.contains(
            "can call blocking only when running on the multi-threaded \
             runtime"
        ),
        "{text}"
    );
}

#[test]
fn a_bad_argument_is_refused() {
    let (status, text) = run(&["sideways"]);
    assert_eq!(status.code(), Some(2));
    assert!(text.contains("unknown argument"), "{text}");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-09-04"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
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
    let mut stderr = child.stderr.take().expect("piped");
    stderr.read_to_string(&mut out).expect("UTF-8 output");
    (status, out)
}
