//! Both runs of the program, against the outputs the chapter shows.

/// The output file without its first line, the command.
fn shown(file: &str) -> &str {
    file.split_once('\n').expect("a command line").1
}

#[test]
fn blocking_on_a_runtime_inside_a_runtime_panics() {
    let (status, text) = run(&["nested"]);
    assert_eq!(status.code(), Some(101), "{text}");
    assert!(!text.contains("not reached"), "{text}");
    assert!(
        text.contains("Cannot start a runtime from within a runtime."),
        "{text}"
    );
    assert_eq!(text, shown(include_str!("../output-nested.txt")));
}

#[test]
fn the_blocking_pool_and_await_both_work() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    assert_eq!(text, shown(include_str!("../output.txt")));
}

#[test]
fn a_bad_argument_is_refused() {
    let (status, text) = run(&["sideways"]);
    assert_eq!(status.code(), Some(2));
    assert!(text.contains("unknown argument"), "{text}");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-06"))
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
