//! The `flag-server` binary: it serves on 127.0.0.1 and rejects bad options.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SERVER: &str = env!("CARGO_BIN_EXE_flag-server");

/// The server process, killed when dropped, even if the test fails.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn serves_one_mode_on_the_port_it_prints() {
    let mut server = Server(
        Command::new(SERVER)
            .args(["--mode", "error", "--port", "0"])
            .args(["--error-rate", "1", "--delay", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    // Read the first line on a thread, so that the wait has a deadline.
    let stdout = server.0.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver.recv_timeout(Duration::from_secs(20));
    let line = line.expect("the server prints its URL within 20 s");
    // "ERROR server on http://127.0.0.1:PORT/flags/"
    let url = line.trim().strip_prefix("ERROR server on ").unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");

    // With --error-rate 1 every country is a teapot; unknown codes are 404.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let get = |path: &str| client.get(format!("{url}{path}")).send();
    let teapot = get("br/br.gif").await.expect("an answer within 10 s");
    let missing = get("zz/zz.gif").await.expect("an answer within 10 s");
    assert_eq!(teapot.status(), reqwest::StatusCode::IM_A_TEAPOT);
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);
}

#[test]
fn a_closed_standard_output_does_not_stop_the_server() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // as `flag-server | head -0`
    let mut server = Server(
        Command::new(SERVER)
            .args(["--mode", "local", "--port", "0"])
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = server.0.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stderr).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver.recv_timeout(Duration::from_secs(20));
    let line = line.expect("a line on stderr within 20 s");
    assert!(line.contains("cannot write to standard output"), "{line}");
    assert!(server.0.try_wait().unwrap().is_none(), "still serving");
}

#[test]
fn bad_options_exit_with_2() {
    for args in [
        &["--port", "9000"][..], // --port needs --mode
        &["--mode", "fast"],
        &["--delay", "5..1"],
        &["--delay", "soon"],
        &["--error-rate", "1.5"],
    ] {
        let output = Command::new(SERVER).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}
