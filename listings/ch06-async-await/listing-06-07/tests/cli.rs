//! The prober's command line: words from a file, and bad input refused
//! with a message and exit status 2.

use std::process::{Command, Output};
use std::{env, fs};

fn prober(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_listing-06-07"))
        .args(args)
        .output()
        .expect("the prober starts")
}

#[test]
fn words_come_from_a_file() {
    let path =
        env::temp_dir().join(format!("ch06-words-{}", std::process::id()));
    fs::write(&path, "fn\ndyn\n").unwrap();
    let output = prober(&["--file", path.to_str().unwrap()]);
    fs::remove_file(&path).unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("dyn.test   not found"), "{stdout}");
    assert!(lines[1].ends_with("fn.test    found 192.0.2.2"), "{stdout}");
    assert!(lines[2].starts_with("2 names in "), "{stdout}");
}

#[test]
fn bad_input_is_refused_with_status_2() {
    let cases: [(&[&str], &str); 5] = [
        (&["no way"], "\"no way\" is not a DNS label"),
        (&["-fn"], "unexpected argument '-f'"),
        (&["--suffix", "te..st", "fn"], "\"\" is not a DNS label"),
        (&["--server", "nowhere"], "is not an IP address or IP:PORT"),
        (&["--timeout", "0", "fn"], "is not a number of seconds"),
    ];
    for (args, message) in cases {
        let output = prober(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let missing = prober(&["--file", "/no/such/file"]);
    assert_eq!(missing.status.code(), Some(2));
}
