//! How often the neighbour ran during each loop: never when the loop does
//! not yield, once per `yield_now`, once per 128 receives (Tokio's budget).

#[test]
fn only_loops_that_yield_let_the_neighbour_run() {
    let (status, text) = run(&[]);
    assert!(status.success());
    let turns: Vec<u64> = text
        .lines()
        .map(|l| {
            let (_, tail) = l.split_once("neighbour ran ").expect("a count");
            tail.trim_end_matches(" times").parse().expect("a number")
        })
        .collect();
    assert_eq!(turns, [0, 100, 100_000 / 128], "{text}");
    assert_eq!(text.matches("sum 4999950000").count(), 3, "{text}");
}

/// Runs this crate's program with `args` and returns its exit status and
/// standard output, killing it and failing if it takes over a minute.
fn run(args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-09-07"))
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
