//! The line of codes is the list's order, however the downloads finish:
//! the book shows it, so it must not change with the machine's load.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(30);

#[test]
fn codes_print_in_the_order_their_downloads_start() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-08-04"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the downloader starts");
    // Read stdout on a thread, so that a full pipe cannot stop the child.
    let mut pipe = child.stdout.take().unwrap();
    let stdout = thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).unwrap();
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("the downloader did not finish within {DEADLINE:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().unwrap();
    assert!(status.success(), "{status}: {stdout}");
    let codes = flag_server::DEMO_CODES.join(" ") + " ";
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some(codes.as_str()), "{stdout}");
    let total = lines.next().unwrap_or_default();
    assert!(total.starts_with("10 flags downloaded in "), "{stdout}");
    assert!(total.ends_with(", at most 4 at a time"), "{stdout}");
}
