//! The command line, end to end: the real binary, started on a free port,
//! asked one question, stopped with SIGINT as Ctrl-C would; and the clear
//! errors for a port already taken and a bad flag.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_listing-11-02");

/// Runs the binary with `args` and returns its output, killing it and
/// failing the test if it has not exited within 20 seconds.
fn run_briefly(args: &[&str]) -> Output {
    let mut child = Command::new(BINARY)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("{args:?} did not exit within 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn serves_until_ctrl_c_then_says_it_shut_down() {
    let log = one_query_then_ctrl_c(&[]);
    for event in ["connected", "shutting down", "closed"] {
        assert!(log.contains(event), "no {event:?} in the log:\n{log}");
    }
    assert!(
        log.contains("peer=127.0.0.1:"),
        "no peer address in the log"
    );
    // One line per query would cost more than the query itself.
    assert!(
        !log.contains("answered"),
        "a query logged by default:\n{log}"
    );
}

#[test]
fn verbose_logs_every_query() {
    let log = one_query_then_ctrl_c(&["--verbose"]);
    assert!(
        log.contains(r#"answered query="cat face" found=10"#),
        "no query in the log:\n{log}"
    );
}

/// Starts the binary with `args`, asks `cat face`, stops it with SIGINT,
/// checks what it said on the way and returns its log.
fn one_query_then_ctrl_c(args: &[&str]) -> String {
    let mut server = Command::new(BINARY)
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The deadline of every wait below: past 60 s the server is killed,
    // so a read from it ends and the test fails instead of hanging.
    let (_finished, watchdog) = mpsc::channel::<()>();
    let pid = server.id().to_string();
    std::thread::spawn(move || {
        // Disconnected means the test finished and dropped its end.
        let waited = watchdog.recv_timeout(Duration::from_secs(60));
        if let Err(mpsc::RecvTimeoutError::Timeout) = waited {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    });
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    // "Serving on 127.0.0.1:PORT. Hit CTRL-C to stop."
    let addr = line
        .strip_prefix("Serving on ")
        .and_then(|rest| rest.split_once(". "))
        .map(|(addr, _)| addr.to_string())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));

    let mut client = TcpStream::connect(&addr).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    client.write_all(b"cat face\n").unwrap();
    let mut answer = Vec::new();
    let mut buf = [0; 4096];
    while !String::from_utf8_lossy(&answer).contains("found\r\n?> ") {
        let n = client.read(&mut buf).unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buf[..n]);
    }

    // What Ctrl-C in the terminal sends.
    let pid = server.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut goodbye = String::new();
    client.read_to_string(&mut goodbye).unwrap();
    assert_eq!(goodbye, "\r\nserver shutting down, goodbye\r\n");

    let status = server.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "Server shut down.\n");
    let mut log = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    log
}

#[test]
fn ctrl_c_right_after_the_announcement_is_caught() {
    // The handler must be installed before "Serving on" is printed: a
    // SIGINT before it would kill the process with no goodbye. The window
    // is short, so the test tries several times.
    for _ in 0..5 {
        let mut server = Command::new(BINARY)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(server.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert!(line.starts_with("Serving on "), "{line:?}");
        let pid = server.id().to_string();
        #[cfg(target_os = "linux")]
        assert!(catches_sigint(&pid), "announced before catching SIGINT");
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.unwrap().success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = server.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                server.kill().unwrap();
                panic!("still running 20 s after SIGINT");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status}");
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "Server shut down.\n");
    }
}

#[test]
fn a_client_still_open_after_the_grace_period_is_cut() {
    let mut server = Command::new(BINARY)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = server.id().to_string();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .strip_prefix("Serving on ")
        .and_then(|rest| rest.split_once(". "))
        .map(|(addr, _)| addr.to_string())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));

    // Two answers of 4 MB, more than the kernel's buffers hold, and a
    // client that reads only their first bytes: the server is still
    // writing when the shutdown starts, and stays so.
    let mut client = TcpStream::connect(&addr).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    client.write_all(b"cjk\ncjk\n").unwrap();
    let mut first = [0; 10];
    client.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"?> U+2E80\t");

    let signalled = Instant::now();
    let sent = Command::new("kill").args(["-INT", &pid]).status();
    assert!(sent.unwrap().success());
    let deadline = signalled + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            server.kill().unwrap();
            panic!("still running 20 s after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // The default grace period is 5 s (the write timeout, 10 s, is later).
    let waited = signalled.elapsed();
    assert!(waited >= Duration::from_secs(4), "exited after {waited:?}");
    assert!(waited < Duration::from_secs(9), "exited after {waited:?}");
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "Server shut down.\n");
    let mut log = String::new();
    let mut stderr = server.stderr.take().unwrap();
    stderr.read_to_string(&mut log).unwrap();
    assert!(log.contains("grace period over, dropping clients"), "{log}");

    // The connection was cut: what was in the buffers, then the end,
    // without the second answer's status line.
    let mut got = Vec::new();
    let mut buf = [0; 64 * 1024];
    while let Ok(n @ 1..) = client.read(&mut buf) {
        got.extend_from_slice(&buf[..n]);
    }
    let got = String::from_utf8_lossy(&got);
    assert!(got.matches(" found\r\n").count() < 2, "both answers came");
}

/// Whether the process has a handler for SIGINT (signal 2) installed, as
/// the `SigCgt` mask in `/proc/PID/status` says: a quicker look than a
/// signal sent by `kill`, so it catches a late handler more often.
#[cfg(target_os = "linux")]
fn catches_sigint(pid: &str) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"));
    let status = status.unwrap();
    let mask = status
        .lines()
        .find_map(|line| line.strip_prefix("SigCgt:"))
        .expect("no SigCgt line");
    let mask = u64::from_str_radix(mask.trim(), 16).unwrap();
    mask & (1 << (2 - 1)) != 0
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = run_briefly(&["--port", &port]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on port {port}")),
        "{stderr}"
    );
}

#[test]
fn a_bad_flag_is_a_clear_error() {
    let output = run_briefly(&["--port", "huge"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid value 'huge' for '--port"),
        "{stderr}"
    );
}

#[test]
fn a_connection_cap_out_of_range_is_a_clear_error() {
    for cap in ["0", "1000001", "99999999999999999999"] {
        let output = run_briefly(&["--port", "0", "--max-connections", cap]);
        assert_eq!(output.status.code(), Some(2), "{cap}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!(
                "invalid value '{cap}' for '--max-connections"
            )),
            "{stderr}"
        );
    }
}
