//! Listing 15-1's runs against bounds that hold on a loaded machine: a
//! busy machine makes the wall time longer, while the CPU time counts only
//! the time the process ran.

use listing_15_01::{DELAY, PAGE_BYTES, byte_sum, fetch, measure, serve};

/// The runs measure the CPU time of the whole process, so the tests that
/// measure take turns.
static CLOCKS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn the_server_answers_a_full_page_after_its_delay() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("an address");
        tokio::spawn(serve(listener));
        let start = std::time::Instant::now();
        let page = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            fetch(addr, "/7"),
        )
        .await
        .expect("a page within 10 s")
        .expect("a page");
        assert!(start.elapsed() >= DELAY);
        assert_eq!(page.len(), PAGE_BYTES);
        assert!(page.starts_with(b"page /7: lorem ipsum\n"));
    });
}

#[test]
fn ten_at_a_time_overlaps_the_waits() {
    let _turn = CLOCKS.lock().unwrap_or_else(|e| e.into_inner());
    let one = measure(20, 1, byte_sum);
    let ten = measure(20, 10, byte_sum);
    assert_eq!(one.checksum, ten.checksum);
    // One at a time, the twenty waits follow each other.
    assert!(one.wall >= DELAY * 20, "{one:?}");
    // Ten at a time, they overlap: two rounds of waits and some overhead.
    assert!(ten.wall * 3 <= one.wall, "{ten:?} against {one:?}");
}

#[test]
fn waiting_costs_little_cpu_time() {
    let _turn = CLOCKS.lock().unwrap_or_else(|e| e.into_inner());
    for concurrency in [1, 10] {
        let run = measure(20, concurrency, byte_sum);
        assert!(run.cpu * 4 < run.wall, "{concurrency}: {run:?}");
    }
}

#[test]
fn the_program_reports_both_verdicts() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[3], "ten at a time at least 3x faster: yes");
    assert_eq!(lines[4], "CPU time under a quarter of wall time: yes");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-01"))
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
