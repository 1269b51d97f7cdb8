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
fn calls_from_several_threads_run_at_the_same_time() {
    // A server that answers nobody until ten connections are open at once:
    // calls made one after another would all time out.
    const CALLS: usize = 10;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let clients: Vec<_> = (0..CALLS)
            .map(|_| listener.accept().expect("accept").0)
            .collect();
        for client in clients {
            let mut line = String::new();
            let mut reader = io::BufReader::new(&client);
            io::BufRead::read_line(&mut reader, &mut line).expect("a line");
            io::Write::write_all(&mut &client, line.to_uppercase().as_bytes())
                .expect("an answer");
        }
    });
    let shouter = Shouter::new(addr).expect("a client");
    let answers: Vec<io::Result<String>> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..CALLS)
            .map(|i| {
                let shouter = &shouter;
                scope.spawn(move || shouter.shout(&format!("call {i}")))
            })
            .collect();
        calls
            .into_iter()
            .map(|c| c.join().expect("no panic"))
            .collect()
    });
    // Dropped on a thread of its own, with a deadline: if the calls did not
    // run at once, one is still stuck on the runtime's thread.
    let (done, dropped) = mpsc::channel();
    std::thread::spawn(move || {
        drop(shouter);
        let _ = done.send(());
    });
    let _ = dropped.recv_timeout(Duration::from_secs(10));
    for (i, answer) in answers.into_iter().enumerate() {
        assert_eq!(answer.expect("an answer"), format!("CALL {i}"));
    }
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
