//! Both runs of the program. The panic's location is a path into cargo's
//! registry, which differs between machines, so that run is checked by
//! its message and exit status; the book checker compares it in full,
//! without the machine's registry prefix.

#[test]
fn inside_the_runtime_context_another_executor_can_poll_tokio_io() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    let shown = include_str!("../output.txt");
    assert_eq!(text, shown.split_once('\n').expect("a command").1);
}

#[test]
fn outside_it_the_socket_finds_no_reactor() {
    let (status, text) = run(&["no-runtime"]);
    assert_eq!(status.code(), Some(101), "{text}");
    assert!(text.starts_with("futures::executor::block_on(shout(..)):\n"));
    assert!(text.contains("/tokio-1."), "{text}");
    assert!(
        text.ends_with(
            "there is no reactor running, must be called from the context \
             of a Tokio 1.x runtime\n"
        ),
        "{text}"
    );
}

#[test]
fn a_bad_argument_is_refused() {
    let (status, text) = run(&["sideways"]);
    assert_eq!(status.code(), Some(2), "{text}");
    assert_eq!(text, "unknown argument \"sideways\"; try `no-runtime`\n");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-07"))
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
