//! The `flag-server` binary: it serves on 127.0.0.1 and rejects bad options.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const SERVER: &str = env!("CARGO_BIN_EXE_flag-server");

#[tokio::test]
async fn serves_one_mode_on_the_port_it_prints() {
    let mut child = Command::new(SERVER)
        .args([
            "--mode",
            "error",
            "--port",
            "0",
            "--error-rate",
            "1",
            "--delay",
            "0",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "ERROR server on http://127.0.0.1:PORT/flags/"
    let url = line.trim().strip_prefix("ERROR server on ").unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");

    // With --error-rate 1 every country is a teapot; unknown codes are 404.
    let teapot = reqwest::get(format!("{url}br/br.gif")).await.unwrap();
    let missing = reqwest::get(format!("{url}zz/zz.gif")).await.unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(teapot.status(), reqwest::StatusCode::IM_A_TEAPOT);
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);
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
