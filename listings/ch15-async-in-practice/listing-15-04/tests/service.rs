//! The service and the synchronous program around it.

use std::time::Duration;

use listing_15_04::{MAX_LINE, shout, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn the_service_answers_in_capitals_and_refuses_long_lines() {
    let addr = start().await.expect("the service starts");
    let answer =
        tokio::time::timeout(Duration::from_secs(10), shout(addr, "é a"))
            .await
            .expect("an answer within 10 s");
    assert_eq!(answer.expect("an answer"), "É A");
    // A line longer than MAX_LINE closes the connection, unanswered.
    let mut stream =
        tokio::net::TcpStream::connect(addr).await.expect("connect");
    let long = vec![b'a'; MAX_LINE as usize + 10];
    stream.write_all(&long).await.expect("write");
    let mut rest = Vec::new();
    tokio::time::timeout(
        Duration::from_secs(10),
        stream.read_to_end(&mut rest),
    )
    .await
    .expect("closed within 10 s")
    .ok();
    assert!(rest.is_empty(), "{rest:?}");
}

#[test]
fn the_program_prints_what_the_chapter_shows() {
    let (status, text) = run(&[]);
    assert!(status.success(), "{text}");
    let expected = include_str!("../output.txt");
    let expected = expected.split_once('\n').expect("a command line").1;
    assert_eq!(text, expected);
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output and error, killing it and failing if it takes over a
/// minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-15-04"))
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
