//! The synchronous client: answers, deadlines, and a clean end.

use std::io;
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use listing_15_08::Shouter;

#[test]
fn many_threads_share_one_client() {
    let service = tokio::runtime::Runtime::new().expect("a runtime");
    let addr = service.block_on(listing_15_04::start()).expect("started");
    let shouter = Shouter::new(addr).expect("a client");
    std::thread::scope(|scope| {
        for i in 0..20 {
            let shouter = &shouter;
            scope.spawn(move || {
                let answer = shouter.shout(&format!("call {i}"));
                assert_eq!(answer.expect("an answer"), format!("CALL {i}"));
            });
        }
    });
}

#[test]
fn a_silent_server_is_a_timeout_and_drop_still_ends_the_thread() {
    // Accepts connections (the kernel does) and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let mut shouter =
        Shouter::new(silent.local_addr().expect("addr")).expect("a client");
    shouter.timeout = Duration::from_millis(200);
    let start = Instant::now();
    let error = shouter.shout("hello?").expect_err("no answer");
    assert_eq!(error.kind(), io::ErrorKind::TimedOut, "{error}");
    assert!(start.elapsed() >= Duration::from_millis(200));
    // The call is still in flight on the runtime's thread; dropping the
    // client must end that thread anyway, within a deadline.
    let (done, dropped) = mpsc::channel();
    std::thread::spawn(move || {
        drop(shouter);
        let _ = done.send(());
    });
    dropped
        .recv_timeout(Duration::from_secs(10))
        .expect("the client dropped within 10 s");
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-08"))
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
