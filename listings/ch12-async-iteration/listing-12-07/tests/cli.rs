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
    let lines: Vec<&str> = stdout.lines().skip(2).collect();
    assert_eq!(lines.len(), 20, "{stdout}");
    let mut found: Vec<&str> = lines
        .iter()
        .filter(|l| !l.starts_with(' '))
        .copied()
        .collect();
    found.sort();
    let taken = ["as", "fn", "for", "if", "impl", "let", "mod", "mut", "pub"];
    let expected: Vec<String> =
        taken.iter().map(|w| format!("{w}.test")).collect();
    assert_eq!(found, expected);
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
