//! The program's two runs, against the outputs the chapter shows.

/// The output file without its first line, the command.
fn shown(file: &str) -> &str {
    file.split_once('\n').expect("a command line").1
}

#[test]
fn threads_of_our_own_reach_a_multi_thread_runtime() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    assert_eq!(text, shown(include_str!("../output.txt")));
}

#[test]
fn a_current_thread_runtime_runs_nothing_between_block_ons() {
    let (status, text) = run(&["current-thread"]);
    assert!(status.success(), "{text}");
    assert_eq!(text, shown(include_str!("../output-current-thread.txt")));
}

#[test]
fn a_bad_argument_is_refused() {
    let (status, text) = run(&["sideways"]);
    assert_eq!(status.code(), Some(2), "{text}");
    assert_eq!(
        text,
        "unknown argument \"sideways\"; try `current-thread`\n"
    );
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-05"))
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
