//! The Tokio prober shares Listing 6-7's command line: bad input is
//! refused with status 2, under this program's own name.

use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn bad_input_is_refused_under_this_programs_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-06-08"))
        .args(["--file", "/no/such/file"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the prober starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the prober did not finish within 20 s");
        }
        thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("/no/such/file: No such file"), "{stderr}");
    assert!(stderr.contains("Usage: listing-06-08 "), "{stderr}");
}
