//! domaincheck end to end, against the local server it starts itself.

use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Runs domaincheck with `args`, killing it if it takes over 20 s.
fn domaincheck(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_domaincheck"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("domaincheck starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("domaincheck did not finish within 20 s");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn every_keyword_lands_in_its_column() {
    let output = domaincheck(&["--limit", "20"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("FOUND           NOT FOUND"));
    assert_eq!(lines.next(), Some("=====           ========="));
    // A name found starts the line; a name not found starts at column 16.
    let (mut found, mut not_found) = (vec![], vec![]);
    for line in lines {
        match line.strip_prefix(&" ".repeat(16)) {
            Some(name) => not_found.push(name),
            None => found.push(line),
        }
    }
    found.sort();
    not_found.sort();
    let taken = ["as", "fn", "for", "if", "impl", "let", "mod", "mut", "pub"];
    let free = [
        "dyn", "else", "enum", "in", "loop", "move", "ref", "self", "true",
        "type", "use",
    ];
    let test = |words: &[&str]| -> Vec<String> {
        words.iter().map(|word| format!("{word}.test")).collect()
    };
    assert_eq!(found, test(&taken), "{stdout}");
    assert_eq!(not_found, test(&free), "{stdout}");
}

#[test]
fn a_bad_suffix_is_refused_with_status_2() {
    for suffix in ["no way", "-test", "a..b", &"x".repeat(64)] {
        let output = domaincheck(&["--", suffix]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{suffix}: {stderr}");
        assert!(stderr.contains("is not a domain"), "{stderr}");
        assert!(output.stdout.is_empty(), "nothing probed for {suffix}");
    }
}

#[test]
fn another_suffix_needs_a_server() {
    let output = domaincheck(&["com"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("give --server"), "{stderr}");
}

#[test]
fn names_with_no_answer_are_errors_and_status_1() {
    // A server that never answers, and one that is not there at all (a
    // port bound, then let go); hickory waits out its limit for both.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let dead = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let dead_addr = dead.local_addr().unwrap().to_string();
    drop(dead);
    for server in [silent.local_addr().unwrap().to_string(), dead_addr] {
        let output = domaincheck(&["--server", &server, "--limit", "20"]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{server}: {stderr}");
        assert_eq!(stdout.lines().count(), 2, "only the heading: {stdout}");
        let no_answer = stderr.matches(": no answer within 2000 ms\n");
        assert_eq!(no_answer.count(), 20, "{stderr}");
        let last =
            format!("error: 20 of 20 names got no answer from {server}\n");
        assert!(stderr.ends_with(&last), "{stderr}");
    }
}

#[test]
fn a_reader_that_stops_reading_ends_it_quietly() {
    // One probe at a time: the answers keep coming for seconds, so the
    // program is still writing when the pipe closes, however busy the
    // machine is.
    let mut child = Command::new(env!("CARGO_BIN_EXE_domaincheck"))
        .args(["--limit", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("domaincheck starts");
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut heading = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut heading).unwrap();
    assert!(heading.starts_with("FOUND"), "{heading}");
    drop(stdout); // `domaincheck | head -1`
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("domaincheck went on after its reader left");
        }
        thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_it_at_once_with_whole_lines() {
    // domaincheck does not catch SIGINT: the default action ends it at
    // once (the shell says 130), and what it printed is whole lines.
    use std::io::BufRead;
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_domaincheck"))
        .args(["--limit", "1"]) // for seconds, one name at a time
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("domaincheck starts");
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut heading = String::new();
    stdout.read_line(&mut heading).unwrap();
    assert!(heading.starts_with("FOUND"), "{heading}");
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status();
    assert!(sent.unwrap().success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("domaincheck went on after SIGINT");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.signal(), Some(2), "{status}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(rest.is_empty() || rest.ends_with('\n'), "{rest:?}");
}
