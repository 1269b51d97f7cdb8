//! The `flags` binary, run as a reader runs it, against flag servers started
//! by each test on 127.0.0.1 at ephemeral ports.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use flag_server::{Background, Config, Delay, Fault};

const FLAGS: &str = env!("CARGO_BIN_EXE_flags");

/// Runs `flags` with `args`, saving into `dest`, against `server`.
fn flags(server: &Background, dest: &Path, args: &[&str]) -> Output {
    let url = format!("{}/flags", server.url());
    Command::new(FLAGS)
        .args(["--server-url", &url, "--dest", dest.to_str().unwrap()])
        .args(args)
        .output()
        .expect("the binary runs")
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
    let saved = files(dest.path());
    assert_eq!(saved.len(), 194);
    assert!(saved.contains("br.gif") && saved.contains("zw.gif"));
    let br = std::fs::read(dest.path().join("br.gif")).unwrap();
    assert_eq!(br, flag_server::flag_gif("br"));
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
    // Each answer takes 300 ms: long enough for every permit to be used.
    for (max, count) in [(1, 4), (4, 16), (25, 50)] {
        let delay = Delay::Fixed(Duration::from_millis(300));
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
    let output =
        flags(&server, dest.path(), &["-a", "-m", "200", "-t", "3", "-v"]);
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
    let output = Command::new(FLAGS)
        .args(["--server-url", &url, "-d", dest.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no answer from the server"), "{err}");
    assert!(err.contains("cannot connect"), "{err}");
    assert!(files(dest.path()).is_empty());
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
    let start = Instant::now();
    while server.stats().requests() < 20 {
        assert!(start.elapsed() < Duration::from_secs(20), "no requests");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "stopped promptly"
    );
    assert_eq!(output.status.code(), Some(130));
    let out = stdout(&output);
    assert!(out.contains("Ctrl-C: 194 downloads cancelled"), "{out}");
    assert!(out.contains("0 downloaded, 0 not found, 0 errors"), "{out}");
    assert!(files(dest.path()).is_empty(), "no partial files");
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
    ] {
        let output = Command::new(FLAGS).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

#[test]
fn help_shows_the_usage() {
    let output = Command::new(FLAGS).arg("--help").output().unwrap();
    assert!(output.status.success());
    let out = stdout(&output);
    assert!(out.contains("Usage: flags [OPTIONS] [CC]..."), "{out}");
    assert!(out.contains("-m, --max-req <CONCURRENCY>"), "{out}");
}
