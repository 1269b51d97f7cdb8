//! Threads against Listing 15-1's server, with bounds that hold on a
//! loaded machine.

use listing_15_01::DELAY;
use listing_15_03::{fetch_all, start_server};

#[test]
fn ten_threads_overlap_the_waits() {
    let (_server, addr) = start_server().expect("a server");
    let (one, sum_one) = fetch_all(addr, 20, 1);
    let (ten, sum_ten) = fetch_all(addr, 20, 10);
    assert_eq!(sum_one, sum_ten);
    assert!(one >= DELAY * 20, "{one:?}");
    assert!(ten * 3 <= one, "{ten:?} against {one:?}");
}

#[test]
fn a_dead_server_is_an_error_not_a_hang() {
    let (server, addr) = start_server().expect("a server");
    drop(server);
    let error = listing_15_03::fetch(addr, "/0").expect_err("nobody listens");
    assert_eq!(error.kind(), std::io::ErrorKind::ConnectionRefused);
}

#[test]
fn the_program_reports_the_verdict() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[3], "ten threads at least 3x faster: yes");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-03"))
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
