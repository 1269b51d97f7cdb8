//! A reader that leaves early (`listing-08-02 | head -1`) ends the run
//! quietly, with status 0, instead of a panic or an error.
//!
//! Listings 8-3 and 8-4 run this same file as their own `pipe` test (see
//! their Cargo.toml): it starts the binary of the package it is built for.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(30);

#[test]
fn a_reader_that_stops_reading_ends_it_quietly() {
    let mut child =
        Command::new(env!(concat!("CARGO_BIN_EXE_", env!("CARGO_PKG_NAME"))))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the downloader starts");
    // The first code and its space, read on a thread for a deadline; then
    // the reader goes, and the next code meets a closed pipe.
    let mut stdout = child.stdout.take().unwrap();
    let (sender, first) = mpsc::channel();
    thread::spawn(move || {
        let mut code = [0; 3];
        let _ = sender.send(stdout.read_exact(&mut code).map(|()| code));
    });
    let Ok(Ok(code)) = first.recv_timeout(DEADLINE) else {
        let _ = child.kill();
        panic!("no code within {DEADLINE:?}");
    };
    assert_eq!(code[2], b' ', "a code and its space");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("the downloader went on after its reader left");
        }
        thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
