//! BlockingLines against std servers on 127.0.0.1.

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use exercise_15_2::BlockingLines;

#[test]
fn a_for_loop_reads_every_line_then_stops() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let (mut client, _) = listener.accept().expect("accept");
        for i in 0..100 {
            writeln!(client, "line {i}").expect("write");
            if i % 10 == 0 {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    });
    let lines =
        BlockingLines::connect(addr, Duration::from_secs(10)).expect("connect");
    let all: Vec<String> = lines.map(|l| l.expect("a line")).collect();
    let expected: Vec<String> = (0..100).map(|i| format!("line {i}")).collect();
    assert_eq!(all, expected);
}

#[test]
fn a_silent_server_is_a_timeout_not_a_hang() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut lines = BlockingLines::connect(addr, Duration::from_millis(200))
        .expect("connect");
    // The test's own deadline, in case the iterator has none.
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(lines.next().map(|l| l.map_err(|e| e.kind())));
    });
    let start = Instant::now();
    let item = answer
        .recv_timeout(Duration::from_secs(10))
        .expect("next returned within 10 s");
    assert_eq!(item, Some(Err(ErrorKind::TimedOut)));
    assert!(start.elapsed() < Duration::from_secs(10));
    drop(listener);
}

#[test]
fn next_called_from_async_code_panics() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut lines =
        BlockingLines::connect(addr, Duration::from_secs(1)).expect("connect");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let panicked =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            runtime.block_on(async { lines.next().map(|l| l.is_ok()) })
        }))
        .expect_err("a panic, not a line");
    let message = panicked.downcast_ref::<&str>().copied().unwrap_or("");
    assert!(
        message.starts_with("Cannot start a runtime from within a runtime."),
        "{message}"
    );
}

#[test]
fn the_program_prints_what_the_chapter_shows() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    let shown = include_str!("../output.txt");
    assert_eq!(text, shown.split_once('\n').expect("a command").1);
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_exercise-15-2"))
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
