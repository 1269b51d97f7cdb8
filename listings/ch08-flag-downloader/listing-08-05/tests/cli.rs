//! The `flags` binary, run as a reader runs it, against flag servers started
//! by each test on 127.0.0.1 at ephemeral ports.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use flag_server::{Background, Config, Delay, Fault};

const FLAGS: &str = env!("CARGO_BIN_EXE_flags");

/// Runs `flags` with `args`, saving into `dest`, against `server`.
fn flags(server: &Background, dest: &Path, args: &[&str]) -> Output {
    let url = format!("{}/flags", server.url());
    run(Command::new(FLAGS)
        .args(["--server-url", &url, "--dest", dest.to_str().unwrap()])
        .args(args))
}

/// Runs `command` to the end, with its output captured.
fn run(command: &mut Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    finish(child, 60)
}

/// Waits for `child` to exit, for at most `secs` seconds, so that a hung
/// `flags` fails the test instead of hanging it. Its output is small, well
/// under what a pipe holds, so it cannot block on a full pipe meanwhile.
fn finish(mut child: Child, secs: u64) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("flags still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// Sends SIGINT, the signal Ctrl-C sends, to `child`.
fn ctrl_c(child: &Child) {
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Waits until `server` has received `n` requests, for at most 20 s.
fn wait_for_requests(server: &Background, n: usize) {
    let start = Instant::now();
    while server.stats().requests() < n {
        assert!(start.elapsed() < Duration::from_secs(20), "no requests");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The number before `label` in `out`, as in "12 downloaded".
fn count(out: &str, label: &str) -> usize {
    let end = out.find(label).unwrap_or_else(|| panic!("{label}? {out}"));
    let digits = out[..end].trim_end();
    let start = digits
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    digits[start..].parse().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The names of the files in `dir`, temporary files included.
fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn local_mode_downloads_all_flags() {
    let server = Background::start(Config::local()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let output = flags(&server, dest.path(), &["-a"]);
    assert!(output.status.success(), "{output:?}");
    let out = stdout(&output);
    assert!(out.contains("194 flags to fetch, AD to ZW"), "{out}");
    assert!(
        out.contains("194 downloaded, 0 not found, 0 errors in"),
        "{out}"
    );
    // Every country's flag, byte for byte, and nothing else.
    let expected: BTreeSet<String> = flag_server::COUNTRIES
        .iter()
        .map(|c| format!("{}.gif", c.iso_cc.to_lowercase()))
        .collect();
    assert_eq!(files(dest.path()), expected);
    for name in &expected {
        let bytes = std::fs::read(dest.path().join(name)).unwrap();
        let cc = name.strip_suffix(".gif").unwrap();
        assert!(bytes == flag_server::flag_gif(cc), "{name} is whole");
    }
}

#[test]
fn every_code_finds_the_194_and_counts_the_rest_as_not_found() {
    let server = Background::start(Config::local()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let output = flags(&server, dest.path(), &["-e", "-m", "100"]);
    assert!(output.status.success());
    let out = stdout(&output);
    assert!(out.contains("676 flags to fetch, AA to ZZ"), "{out}");
    assert!(
        out.contains("194 downloaded, 482 not found, 0 errors"),
        "{out}"
    );
    assert_eq!(files(dest.path()).len(), 194);
}

#[test]
fn letters_expand_and_limit_cuts() {
    let server = Background::start(Config::local()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    // B is BA..BZ: 26 codes, 17 of them countries; Z adds ZA, ZM, ZW.
    let output = flags(&server, dest.path(), &["b", "Z", "br", "-l", "27"]);
    let out = stdout(&output);
    assert!(out.contains("27 flags to fetch, BA to ZA"), "{out}");
    assert!(
        out.contains("18 downloaded, 9 not found, 0 errors"),
        "{out}"
    );
}

#[test]
fn names_chain_metadata_then_flag() {
    let server = Background::start(Config::local()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let output = flags(&server, dest.path(), &["-n", "BR", "GB", "CI", "XX"]);
    assert!(stdout(&output).contains("3 downloaded, 1 not found, 0 errors"));
    let expected = [
        "BR-Brazil.gif",
        "CI-Côte d'Ivoire.gif",
        "GB-United Kingdom.gif",
    ];
    assert_eq!(files(dest.path()), expected.map(String::from).into());
    assert_eq!(server.stats().requests(), 3 * 2 + 1, "404 stops the chain");
}

#[test]
fn delay_mode_never_exceeds_max_concurrency() {
    // Each answer takes a second: long enough for every permit to be used,
    // even on a busy machine that is slow to open 25 connections.
    for (max, count) in [(1, 3), (4, 8), (25, 50)] {
        let delay = Delay::Fixed(Duration::from_secs(1));
        let server = Background::start(Config::delay(delay)).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let (m, l) = (max.to_string(), count.to_string());
        let output = flags(&server, dest.path(), &["-a", "-l", &l, "-m", &m]);
        let expected = format!("{count} downloaded, 0 not found");
        assert!(stdout(&output).contains(&expected));
        // Measured at the server: the most requests it held at once.
        assert_eq!(server.stats().max_in_flight(), max, "-m {max}");
    }
}

#[test]
fn error_mode_counts_are_exact_for_a_seed() {
    let config = Config::local()
        .with_errors(0.25, 0.05)
        .with_seed(3)
        .with_stall(Duration::from_secs(60));
    let faults = config.faults();
    let server = Background::start(config).unwrap();
    let dest = tempfile::tempdir().unwrap();
    // At most 50 connections at once, well under the listener's queue of
    // 128, so that no connection attempt waits for a retransmission.
    let output =
        flags(&server, dest.path(), &["-a", "-m", "50", "-t", "4", "-v"]);
    assert!(output.status.success());
    let out = stdout(&output);
    // 49 teapots and 10 stalls that time out: 0.25 and 0.05 of 194.
    assert!(
        out.contains("135 downloaded, 0 not found, 59 errors"),
        "{out}"
    );
    assert_eq!(out.matches("HTTP 418 I'm a teapot").count(), 49);
    assert_eq!(out.matches(": timed out").count(), 10);

    // Exactly the healthy countries' flags, and no temporary files.
    let healthy: BTreeSet<String> = flag_server::COUNTRIES
        .iter()
        .filter(|c| !faults.contains_key(c.iso_cc))
        .map(|c| format!("{}.gif", c.iso_cc.to_lowercase()))
        .collect();
    assert_eq!(files(dest.path()), healthy);
    assert!(faults.values().any(|f| *f == Fault::Stall));
}

#[test]
fn unreachable_server_exits_with_failure() {
    // Bind a port, then free it: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dest = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/flags");
    let output = run(Command::new(FLAGS).args([
        "--server-url",
        &url,
        "-d",
        dest.path().to_str().unwrap(),
    ]));
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no answer from the server"), "{err}");
    assert!(err.contains("cannot connect"), "{err}");
    assert!(files(dest.path()).is_empty());
}

#[test]
fn silent_server_times_out_and_exits_with_failure() {
    // A listener that never accepts: the kernel completes the handshakes
    // and queues the connections, and nobody ever answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/flags", listener.local_addr().unwrap());
    let dest = tempfile::tempdir().unwrap();
    let output = run(Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .args(["-t", "1", "BR", "CN"]));
    let out = stdout(&output);
    assert!(out.contains("0 downloaded, 0 not found, 2 errors"), "{out}");
    assert_eq!(output.status.code(), Some(1), "{out}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no answer from the server"), "{err}");
    assert!(err.contains("timed out"), "{err}");
}

#[test]
fn server_whose_queue_is_full_is_a_connect_error() {
    // Fill the listener's queue of pending connections: the kernel then
    // drops new connection attempts, as a firewall that drops packets does.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    let full = loop {
        let wait = Duration::from_millis(300);
        match std::net::TcpStream::connect_timeout(&addr, wait) {
            Ok(stream) if queued.len() < 5000 => queued.push(stream),
            Ok(_) => break false,
            Err(_) => break true,
        }
    };
    assert!(full, "the queue never filled");
    let url = format!("http://{addr}/flags");
    let dest = tempfile::tempdir().unwrap();
    let output = run(Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .args(["-t", "1", "BR"]));
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no answer from the server"), "{err}");
    assert!(err.contains("cannot connect"), "{err}");
}

#[test]
fn a_destination_that_is_a_file_fails_before_any_request() {
    let server = Background::start(Config::local()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flags");
    std::fs::write(&file, b"not a directory").unwrap();
    let output = flags(&server, &file, &["BR"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("flags: cannot save in "), "{err}");
    assert_eq!(server.stats().requests(), 0, "failed before any request");
}

#[cfg(target_os = "linux")]
#[test]
fn a_directory_that_takes_no_files_fails_before_any_request() {
    // /proc exists, but no file can be made in it, even by root.
    let server = Background::start(Config::local()).unwrap();
    let output = flags(&server, Path::new("/proc"), &["BR"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("flags: cannot save in /proc"), "{err}");
    assert_eq!(server.stats().requests(), 0, "failed before any request");
}

#[test]
fn a_flag_that_cannot_be_saved_fails_the_run() {
    let server = Background::start(Config::local()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    // A directory where BR's flag should go: its rename must fail.
    std::fs::create_dir(dest.path().join("br.gif")).unwrap();
    let output = flags(&server, dest.path(), &["BR", "CN"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let out = stdout(&output);
    assert!(out.contains("1 downloaded, 0 not found, 1 errors"), "{out}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("flags: cannot save BR in "), "{err}");
    let expected = ["br.gif", "cn.gif"].map(String::from);
    assert_eq!(files(dest.path()), expected.into(), "no temporary file");
}

#[test]
fn a_closed_standard_output_is_an_error_not_a_panic() {
    let server = Background::start(Config::local()).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let url = format!("{}/flags", server.url());
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // as `flags | head -1` once head has gone
    let child = Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = finish(child, 60);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write to standard output"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn ctrl_c_cancels_cleanly() {
    // Answers take 30 s: every download is in flight when Ctrl-C comes.
    let delay = Delay::Fixed(Duration::from_secs(30));
    let server = Background::start(Config::delay(delay)).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let url = format!("{}/flags", server.url());
    let child = Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .args(["-a", "-m", "20"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the downloader has its 20 requests in flight.
    wait_for_requests(&server, 20);
    ctrl_c(&child);
    let output = finish(child, 10); // far less than the 30 s answers
    assert_eq!(output.status.code(), Some(130));
    let out = stdout(&output);
    assert!(out.contains("Ctrl-C: 194 downloads cancelled"), "{out}");
    assert!(out.contains("0 downloaded, 0 not found, 0 errors"), "{out}");
    assert!(files(dest.path()).is_empty(), "no partial files");
}

#[test]
fn ctrl_c_at_any_moment_leaves_as_many_files_as_it_counts() {
    // Answers take 0 to 300 ms: at any moment some downloads wait for a
    // permit, some for the server, and some are being saved.
    let delay = Delay::Uniform {
        min: Duration::ZERO,
        max: Duration::from_millis(300),
    };
    for after_ms in [0, 100, 250, 400, 600, 900] {
        let config = Config::delay(delay.clone()).with_seed(after_ms);
        let server = Background::start(config).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let url = format!("{}/flags", server.url());
        let child = Command::new(FLAGS)
            .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
            .args(["-a", "-m", "40"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_requests(&server, 1);
        std::thread::sleep(Duration::from_millis(after_ms));
        ctrl_c(&child);
        let output = finish(child, 20);
        let out = stdout(&output);
        let interrupted = out.contains("Ctrl-C: ");
        let code = if interrupted { 130 } else { 0 };
        assert_eq!(output.status.code(), Some(code), "{out}");

        // Every flag counted as downloaded is on disk, whole; nothing else.
        let saved = files(dest.path());
        let downloaded = count(&out, " downloaded");
        assert_eq!(saved.len(), downloaded, "at {after_ms} ms: {out}");
        for name in &saved {
            let cc = name.strip_suffix(".gif").expect("no temporary file");
            let bytes = std::fs::read(dest.path().join(name)).unwrap();
            assert!(bytes == flag_server::flag_gif(cc), "{name} is whole");
        }
        // And every code has exactly one outcome.
        let cancelled = if interrupted {
            count(&out, " downloads")
        } else {
            0
        };
        let other = count(&out, " not found") + count(&out, " errors");
        assert_eq!(downloaded + cancelled + other, 194, "{out}");
    }
}

#[test]
fn ctrl_c_as_soon_as_the_run_starts_is_handled() {
    // The first line is printed after the handler is installed, so a
    // Ctrl-C sent once it appears must be caught, not kill the process.
    let delay = Delay::Fixed(Duration::from_secs(30));
    let server = Background::start(Config::delay(delay)).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let url = format!("{}/flags", server.url());
    let mut child = Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Read on a thread of its own, so that the wait has a deadline.
    let mut lines = BufReader::new(child.stdout.take().unwrap());
    let (line, first_line) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut first = String::new();
        lines.read_line(&mut first).unwrap();
        line.send(first).unwrap();
        let mut rest = String::new();
        lines.read_to_string(&mut rest).unwrap();
        rest
    });
    let first = first_line.recv_timeout(Duration::from_secs(20));
    let first = first.expect("a first line within 20 s");
    assert!(first.starts_with("server at"), "{first}");
    ctrl_c(&child);
    let output = finish(child, 10);
    let rest = reader.join().unwrap(); // flags has exited: EOF
    assert_eq!(output.status.code(), Some(130), "{rest}");
    assert!(rest.contains("Ctrl-C: 10 downloads cancelled"), "{rest}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_ctrl_c_exits_at_once() {
    use std::os::fd::AsRawFd;
    // Stuck: flags writes its 676 error lines into a pipe of 4 KiB that
    // nobody reads, so it blocks after the downloads, where the first
    // Ctrl-C can no longer stop it.
    let (mut reader, writer) = std::io::pipe().unwrap();
    // SAFETY: fcntl on a pipe descriptor we own, with an integer argument.
    let size =
        unsafe { libc::fcntl(writer.as_raw_fd(), libc::F_SETPIPE_SZ, 4096) };
    assert!(size >= 4096, "F_SETPIPE_SZ");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/flags");
    let dest = tempfile::tempdir().unwrap();
    let child = Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .args(["-e", "-v"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let mut queued: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int through the pointer.
        let rc = unsafe {
            libc::ioctl(reader.as_raw_fd(), libc::FIONREAD, &mut queued)
        };
        assert_eq!(rc, 0, "FIONREAD");
        // Full but for less than a line: the next line cannot go in.
        if queued as usize + 100 > size as usize {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "never blocked");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Signals sent close together may arrive as one, so press Ctrl-C every
    // half second until flags exits: once more than one has arrived, it
    // must end. Without the second-press exit it never would.
    let start = Instant::now();
    let mut child = child;
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("flags still running after Ctrl-C pressed again and again");
        }
        ctrl_c(&child);
        std::thread::sleep(Duration::from_millis(500));
    }
    let output = finish(child, 10);
    assert_eq!(output.status.code(), Some(130));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("Ctrl-C again, exiting at once"), "{err}");
    let mut written = String::new();
    reader.read_to_string(&mut written).unwrap();
    assert!(written.contains("AA: cannot connect"), "{written}");
}

#[test]
fn bad_command_lines_get_clap_errors_and_exit_code_2() {
    for args in [
        &["-m", "0"][..],
        &["-m", "1001"],
        &["-l", "0"],
        &["XYZ"],
        &["b2"],
        &["-a", "-e"],
        &["-a", "BR"],
        &["-s", "NOWHERE"],
        &["-t", "-1"],
        &["--with-server", "-s", "REMOTE"],
        &["--with-server", "--server-url", "http://127.0.0.1:1/flags"],
        &["--server-url", "localhost:8000/flags"],
        &["--server-url", "127.0.0.1:8000/flags"],
        &["--server-url", "ftp://127.0.0.1/flags"],
        &["--server-url", "http://"],
    ] {
        let output = run(Command::new(FLAGS).args(args));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

#[test]
fn a_server_url_that_is_not_http_says_so() {
    let output =
        run(Command::new(FLAGS).args(["--server-url", "localhost:80"]));
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("invalid value 'localhost:80' for '--server-url"));
    assert!(err.contains("expected an http:// or https:// URL"), "{err}");
}

#[test]
fn help_shows_the_usage() {
    let output = run(Command::new(FLAGS).arg("--help"));
    assert!(output.status.success());
    let out = stdout(&output);
    assert!(out.contains("Usage: flags [OPTIONS] [CC]..."), "{out}");
    assert!(out.contains("-m, --max-req <CONCURRENCY>"), "{out}");
}
