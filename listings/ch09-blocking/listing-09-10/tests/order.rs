//! Which answer comes first: the slow one, when the check holds the
//! server's only thread; the quick one, when the check is on the pool.

#[test]
fn the_quick_question_waits_only_when_the_check_is_inline() {
    let (status, text) = run(&[]);
    assert!(status.success());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    // The big prime differs between debug and release builds.
    let quick = "\"7 is prime\"";
    let inline = lines[0].strip_prefix("Inline: first ").expect(&text);
    assert!(inline.ends_with(&format!(", then {quick}")), "{text}");
    let offloaded = lines[1].strip_prefix("Offloaded: first ").expect(&text);
    assert!(offloaded.starts_with(&format!("{quick}, then")), "{text}");
    assert!(offloaded.ends_with(" is prime\""), "{text}");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output, killing it and failing if it takes over a minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-09-10"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
    (status, out)
}
