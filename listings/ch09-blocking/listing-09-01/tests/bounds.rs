//! The shape of Listing 9-1's table, checked against bounds that hold on a
//! loaded machine: lower bounds that follow from the thread being blocked,
//! and upper bounds far above what an idle machine shows.

use std::time::Duration;

use listing_09_01::{BLOCK, Flavor, Neighbour, PERIOD, is_prime, measure};

const RUN_FOR: Duration = Duration::from_millis(400);

#[test]
fn on_one_thread_every_blocking_call_makes_the_ticker_late() {
    for kind in &Neighbour::ALL[1..] {
        let row = measure(Flavor::CurrentThread, *kind, RUN_FOR);
        let block = row.block().expect("the neighbour blocked");
        assert!(row.blocks.len() >= 3, "{kind:?}: too few calls: {row:?}");
        // The ticker asked to wake at most PERIOD after a call began, and
        // its thread was busy until the call ended.
        assert!(
            row.max() + PERIOD >= block,
            "{kind:?}: max {:?} should be at least the call {block:?} \
             less one period",
            row.max()
        );
    }
}

#[test]
fn the_waits_that_block_really_wait() {
    // A sleep lasts at least what it asks for.
    let row = measure(Flavor::CurrentThread, Neighbour::ThreadSleep, RUN_FOR);
    let block = row.block().expect("the neighbour blocked");
    assert!(block >= BLOCK, "median sleep {block:?}");
    // The lock waits for the rest of the holder's turn: about BLOCK, less
    // however late the neighbour's own pause ends on a busy machine.
    let row = measure(Flavor::CurrentThread, Neighbour::StdMutex, RUN_FOR);
    let block = row.block().expect("the neighbour blocked");
    assert!(block >= BLOCK / 4, "median wait for the lock {block:?}");
}

#[test]
fn alone_the_ticker_is_on_time_most_of_the_time() {
    for flavor in [Flavor::CurrentThread, Flavor::MultiThread] {
        let row = measure(flavor, Neighbour::Alone, RUN_FOR);
        assert!(row.blocks.is_empty());
        assert!(row.late.len() >= 5, "{flavor:?}: {} wakes", row.late.len());
        assert!(row.p50() < BLOCK, "{flavor:?}: p50 {:?}", row.p50());
    }
}

#[test]
fn on_two_workers_the_ticker_mostly_keeps_time() {
    for kind in [Neighbour::ThreadSleep, Neighbour::StdMutex] {
        let row = measure(Flavor::MultiThread, kind, RUN_FOR);
        // Half the wakes or more were not held up by the blocked worker.
        assert!(row.p50() < BLOCK / 2, "{kind:?}: p50 {:?}", row.p50());
    }
}

#[test]
fn the_prime_is_prime() {
    assert!(is_prime(listing_09_01::PRIME));
    assert!(!is_prime(listing_09_01::PRIME + 2));
    let small: Vec<u64> = (0..20).filter(|&n| is_prime(n)).collect();
    assert_eq!(small, [2, 3, 5, 7, 11, 13, 17, 19]);
}

#[test]
fn the_table_has_a_header_and_a_row_per_measurement() {
    let (status, text) = run(&[]);
    assert!(status.success());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 11, "{text}");
    assert!(lines[0].starts_with("runtime"));
    assert_eq!(lines.iter().filter(|l| l.contains(" ms")).count(), 10);
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output, killing it and failing if it takes over a minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-09-01"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
    (status, out)
}
