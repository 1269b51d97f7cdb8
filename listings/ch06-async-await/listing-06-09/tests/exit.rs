//! The blocking prober's exit status, as Listing 6-7's: 1 with a message when names get no answer,
//! from a dead port, a silent server or a limit too short for some of the
//! local server's delays; 0 and silence when its reader has gone. Every
//! run has a deadline.

use std::io::Read;
use std::net::UdpSocket;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// Runs the prober with `stdout`; returns its exit code, standard output
/// (empty unless `stdout` is piped) and standard error.
fn prober(args: &[&str], stdout: Stdio) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-06-09"))
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the prober starts");
    // Read the pipes on threads of their own, so that a full pipe cannot
    // stop the prober while we wait for it.
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_string(&mut text).unwrap();
            }
            text
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("the prober did not finish within {DEADLINE:?}: {args:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    (status.code(), stdout, stderr)
}

/// A 127.0.0.1 port with nothing listening: bound, then let go.
fn dead_port() -> String {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().to_string()
}

#[test]
fn a_dead_server_is_status_1_with_a_message() {
    let server = dead_port();
    let args = ["--server", &server, "--timeout", "0.5", "fn", "dyn"];
    let (code, stdout, stderr) = prober(&args, Stdio::piped());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let message = format!(
        "error: none of the 2 names got an answer from {server}; is a DNS \
         server running there?\n"
    );
    assert_eq!(stderr, message);
    assert!(stdout.contains("fn.test    error: "), "{stdout}");
    assert!(stdout.contains("2 names in "), "{stdout}");
}

#[test]
fn a_silent_server_is_status_1_with_a_message() {
    // Bound and kept, never read: every query waits out the limit.
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let server = silent.local_addr().unwrap().to_string();
    let args = ["--server", &server, "--timeout", "0.3", "fn", "dyn"];
    let (code, stdout, stderr) = prober(&args, Stdio::piped());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("none of the 2 names got an answer"),
        "{stderr}"
    );
    assert!(
        stdout.contains("error: no answer within 300 ms"),
        "{stdout}"
    );
}

#[test]
fn some_names_without_an_answer_are_status_1() {
    // The local server answers `as` after 80 ms and `true` after 840 ms:
    // a limit of 500 ms leaves `true` without an answer.
    let args = ["--timeout", "0.5", "as", "true"];
    let (code, stdout, stderr) = prober(&args, Stdio::piped());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(stderr, "error: 1 of 2 names got no answer\n");
    assert!(stdout.contains("as.test    found 192.0.2.1"), "{stdout}");
    assert!(stdout.contains("true.test  error: no answer"), "{stdout}");
}

#[test]
fn a_reader_that_has_gone_ends_the_prober_quietly() {
    // `prober | head -1` at its most abrupt: the reading end of the pipe
    // is closed before the prober writes a line, so every write fails.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let (code, _, stderr) = prober(&["fn", "dyn"], writer.into());
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}
