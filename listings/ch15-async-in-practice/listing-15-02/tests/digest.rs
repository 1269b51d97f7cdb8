//! Listing 15-2's runs against bounds that hold on a loaded machine.

use listing_15_01::{byte_sum, measure};
use listing_15_02::digest;

/// The runs measure the CPU time of the whole process, so the tests that
/// measure take turns.
static CLOCKS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn the_digest_depends_on_every_byte() {
    let page = vec![b'a'; 1000];
    let mut other = page.clone();
    other[999] = b'b';
    assert_eq!(digest(&page), digest(&page.clone()));
    assert_ne!(digest(&page), digest(&other));
}

#[test]
fn digesting_costs_cpu_time_that_concurrency_cannot_hide() {
    let _turn = CLOCKS.lock().unwrap_or_else(|e| e.into_inner());
    let fetch = measure(20, 10, byte_sum);
    let one = measure(20, 1, digest);
    let ten = measure(20, 10, digest);
    assert_eq!(one.checksum, ten.checksum);
    // The digest is the cost now: many times the CPU of the fetches alone.
    assert!(ten.cpu >= fetch.cpu * 5, "{ten:?} against {fetch:?}");
    // Concurrency saves waiting, not computing: the CPU time stays, and
    // with one thread doing everything the wall clock cannot beat it.
    assert!(ten.cpu.abs_diff(one.cpu) * 3 <= one.cpu, "{ten:?} {one:?}");
    assert!(ten.wall >= ten.cpu, "{ten:?}");
}

#[test]
fn the_program_reports_both_verdicts() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8, "{text}");
    assert_eq!(lines[5], "fetch only, ten at a time 3x faster: yes");
    assert_eq!(lines[6], "digest, ten at a time, CPU within a third: yes");
    assert_eq!(lines[7], "digest, ten at a time, wall >= CPU: yes");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-02"))
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
