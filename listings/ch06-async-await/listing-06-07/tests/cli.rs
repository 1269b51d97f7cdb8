//! The prober's command line: words from a file, and bad input refused
//! with a message and exit status 2. Every run has a deadline, so a
//! prober that hangs fails the test instead of stopping it.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

const DEADLINE: Duration = Duration::from_secs(20);

/// Runs the prober; returns its exit code, standard output and error.
fn prober(args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-06-07"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the prober starts");
    // Read both pipes on threads of their own, so that a full pipe
    // cannot stop the prober while we wait for it.
    let read = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).unwrap();
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("the prober did not finish within {DEADLINE:?}: {args:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    (status.code(), stdout, stderr)
}

/// A file of words, named for this test process and `name`.
fn words_file(name: &str, text: &str) -> String {
    let file = format!("ch06-{name}-{}", std::process::id());
    let path = env::temp_dir().join(file);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn words_come_from_a_file() {
    let path = words_file("words", "fn\ndyn\n");
    let (code, stdout, stderr) = prober(&["--file", &path]);
    fs::remove_file(&path).unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("dyn.test   not found"), "{stdout}");
    assert!(lines[1].ends_with("fn.test    found 192.0.2.2"), "{stdout}");
    assert!(lines[2].starts_with("2 names in "), "{stdout}");
}

#[test]
fn bad_input_is_refused_with_status_2() {
    let long_suffix = ["a".repeat(63).as_str(); 4].join(".");
    let cases: [(&[&str], &str); 6] = [
        (
            &["--suffix", &long_suffix, "fn"],
            "longer than 253 characters",
        ),
        (&["no way"], "\"no way\" is not a DNS label"),
        (&["-fn"], "unexpected argument '-f'"),
        (&["--suffix", "te..st", "fn"], "\"\" is not a DNS label"),
        (&["--server", "nowhere"], "is not an IP address or IP:PORT"),
        (&["--timeout", "0", "fn"], "is not a number of seconds"),
    ];
    for (args, message) in cases {
        let (code, _, stderr) = prober(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn bad_files_are_refused_with_status_2() {
    let empty = words_file("empty", "\n \n");
    let bad_word = words_file("bad-word", "fn\nd_n\n");
    let cases = [
        ("/no/such/file", "/no/such/file: No such file"),
        (empty.as_str(), "no words to probe"),
        (bad_word.as_str(), "\"d_n\" is not a DNS label"),
    ];
    for (path, message) in cases {
        let (code, stdout, stderr) = prober(&["--file", path]);
        assert_eq!(code, Some(2), "{path}: {stderr}");
        assert!(stderr.contains(message), "{path}: {stderr}");
        assert_eq!(stdout, "", "nothing is probed");
    }
    fs::remove_file(empty).unwrap();
    fs::remove_file(bad_word).unwrap();
}
