//! The server as a child process, stopped with SIGINT as Ctrl-C stops it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long any single wait in these tests may take before it fails.
const DEADLINE: Duration = Duration::from_secs(10);

struct Server {
    child: Child,
    address: SocketAddr,
}

/// A test that fails half-way must not leave a server running.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(journal: &std::path::Path, grace_ms: u64) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-13-04"))
        .args(["--port", "0", "--grace-ms", &grace_ms.to_string()])
        .arg("--journal")
        .arg(journal)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    // Its first line, read on a thread so that the wait has a deadline.
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stdout).read_line(&mut first);
        let _ = sender.send(first);
    });
    let Ok(first) = receiver.recv_timeout(DEADLINE) else {
        let _ = child.kill();
        panic!("the server did not say where it listens within {DEADLINE:?}");
    };
    let address = first.trim().strip_prefix("listening on ").unwrap();
    Server {
        child,
        address: address.parse().unwrap(),
    }
}

/// A client with a job in flight: it has read `working on NAME`.
fn submit(server: &Server, name: &str, ms: u64) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    writeln!(stream, "JOB {name} {ms}").unwrap();
    let mut client = BufReader::new(stream);
    assert_eq!(read_line(&mut client), format!("working on {name}\n"));
    client
}

/// The next line, or "" at the end of the stream.
fn read_line(client: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    client
        .read_line(&mut line)
        .expect("an answer before the deadline");
    line
}

fn interrupt(server: &Server) {
    let pid = server.child.id() as libc::pid_t;
    // SAFETY: kill only sends a signal, to our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
}

/// Waits for the server to exit; returns its status and standard error.
fn wait(mut server: Server) -> (ExitStatus, String) {
    wait_interrupting(&mut server, false)
}

/// Waits for the server to exit, sending it SIGINT every 100 ms if
/// `again` (one of them may come before the server listens for it).
fn wait_interrupting(server: &mut Server, again: bool) -> (ExitStatus, String) {
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "the server did not exit within {DEADLINE:?}"
        ); // and the Drop of `Server` kills it
        if again {
            interrupt(server);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

/// Connecting fails once the server has stopped accepting.
fn refused_within_deadline(address: SocketAddr) {
    let start = Instant::now();
    while TcpStream::connect(address).is_ok() {
        assert!(start.elapsed() < DEADLINE, "still accepting");
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ANCHOR: test
#[test]
fn jobs_in_flight_finish_after_ctrl_c_and_are_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.txt");
    let server = start(&journal, 5_000);
    // Accepted before the jobs' connections, which are answered below.
    let idle = TcpStream::connect(server.address).unwrap();
    let mut first = submit(&server, "backup", 300);
    let mut second = submit(&server, "report", 100);
    interrupt(&server);
    refused_within_deadline(server.address);
    assert_eq!(read_line(&mut second), "done report\n");
    assert_eq!(read_line(&mut first), "done backup\n");
    assert_eq!(read_line(&mut BufReader::new(idle)), "", "idle: closed");
    let (status, stderr) = wait(server);
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        stderr.ends_with("every job finished; goodbye\n"),
        "{stderr}"
    );
    let recorded = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(recorded, "report\nbackup\n");
}
// ANCHOR_END: test

#[test]
fn work_past_the_grace_period_is_cancelled_and_the_status_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.txt");
    let server = start(&journal, 1_000);
    let mut quick = submit(&server, "quick", 100);
    let mut slow = submit(&server, "slow", 60_000);
    interrupt(&server);
    assert_eq!(read_line(&mut quick), "done quick\n");
    assert_eq!(read_line(&mut slow), "", "closed, never acknowledged");
    let (status, stderr) = wait(server);
    assert_eq!(status.code(), Some(3), "{stderr}");
    let expected = "grace period over: cancelled 1 unfinished job(s)\n";
    assert!(stderr.ends_with(expected), "{stderr}");
    let recorded = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(recorded, "quick\n", "only the acknowledged job");
}

#[test]
fn a_bad_job_line_gets_an_error_and_the_connection_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("journal.txt"), 1_000);
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    writeln!(stream, "JOB backup soon").unwrap();
    writeln!(stream, "JOB huge 600000").unwrap();
    let mut client = BufReader::new(stream);
    let usage = "error: expected JOB <name> <milliseconds>\n";
    assert_eq!(read_line(&mut client), usage);
    let too_long = "error: a job takes at most 60000 ms\n";
    assert_eq!(read_line(&mut client), too_long);
    interrupt(&server);
    let (status, _) = wait(server);
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_journal_that_cannot_be_opened_is_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_listing-13-04"))
        .args(["--port", "0", "--journal", "/nonexistent/dir/journal.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let expected =
        "Error: cannot open the journal /nonexistent/dir/journal.txt";
    assert!(stderr.starts_with(expected), "{stderr}");
}

#[test]
fn a_second_ctrl_c_ends_the_grace_period_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.txt");
    let mut server = start(&journal, 60_000); // far past the test's deadline
    let mut slow = submit(&server, "slow", 60_000);
    interrupt(&server);
    refused_within_deadline(server.address); // the first was seen
    let (status, stderr) = wait_interrupting(&mut server, true);
    assert_eq!(read_line(&mut slow), "", "closed, never acknowledged");
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("Ctrl-C again: no more waiting\n"),
        "{stderr}"
    );
    let expected = "grace period over: cancelled 1 unfinished job(s)\n";
    assert!(stderr.ends_with(expected), "{stderr}");
    assert_eq!(std::fs::read_to_string(&journal).unwrap(), "");
}

#[test]
fn a_line_too_long_or_not_utf8_gets_an_error_and_a_goodbye() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("journal.txt"), 1_000);
    let too_long = [b'x'; 1100]; // past the 1024-byte limit, and no newline
    let not_utf8 = b"JOB caf\xe9 10\n"; // é in Latin-1
    let answers = [
        (
            &too_long[..],
            "error: a line holds at most 1024 bytes; goodbye\n",
        ),
        (&not_utf8[..], "error: a line must be UTF-8; goodbye\n"),
    ];
    for (bytes, answer) in answers {
        let mut stream = TcpStream::connect(server.address).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(bytes).unwrap();
        let mut client = BufReader::new(stream);
        assert_eq!(read_line(&mut client), answer);
        assert_eq!(read_line(&mut client), "", "then the server hangs up");
    }
    interrupt(&server);
    let (status, stderr) = wait(server);
    assert_eq!(status.code(), Some(0), "{stderr}");
}

#[test]
fn ctrl_c_right_after_the_announcement_is_caught() {
    // The handler must be installed before `listening on` is printed: a
    // SIGINT before it would find the default action, which kills the
    // process with no goodbye. The window is short, so the test tries
    // several times, and on Linux looks for the handler first.
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let server = start(&dir.path().join("journal.txt"), 1_000);
        #[cfg(target_os = "linux")]
        assert!(
            catches_sigint(server.child.id()),
            "announced before catching SIGINT"
        );
        interrupt(&server);
        let (status, stderr) = wait(server);
        assert_eq!(status.code(), Some(0), "{status}: {stderr}");
        let goodbye = "shutting down: 0 connection(s) open\n\
                       every job finished; goodbye\n";
        assert_eq!(stderr, goodbye);
    }
}

/// Whether the process has a handler for SIGINT (signal 2) installed, as
/// the `SigCgt` mask in `/proc/PID/status` says: a quicker look than a
/// signal, so it catches a late handler more often.
#[cfg(target_os = "linux")]
fn catches_sigint(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"));
    let status = status.expect("the server is still running");
    let mask = status
        .lines()
        .find_map(|line| line.strip_prefix("SigCgt:"))
        .expect("no SigCgt line");
    let mask = u64::from_str_radix(mask.trim(), 16).unwrap();
    mask & (1 << (libc::SIGINT - 1)) != 0
}
