//! `count_found` keeps references into its caller's data across each
//! `.await`: the future it returns borrows them, and the borrow checker
//! treats that future like any other value holding a reference.

use executor_extras::{block_on, sleep};
use std::io;
use std::time::Duration;

// ANCHOR: count
/// Probes each name in turn, counts the names found, and notes the
/// others in `missing`.
async fn count_found(names: &[String], missing: &mut Vec<String>) -> usize {
    let mut found = 0;
    for name in names {
        // `name` borrows from `names`, and stays borrowed across the wait.
        if exists(name).await {
            found += 1;
        } else {
            missing.push(name.clone());
        }
    }
    found
}

/// A stand-in for a DNS query: a short wait, then a fixed answer.
async fn exists(name: &str) -> bool {
    sleep(Duration::from_millis(10)).await;
    ["fn.test", "mod.test"].contains(&name)
}
// ANCHOR_END: count

// ANCHOR: main
fn main() -> io::Result<()> {
    block_on(async {
        let names = ["fn", "dyn", "mod"].map(|word| format!("{word}.test"));
        let mut missing = Vec::new();
        let found = count_found(&names, &mut missing).await;
        println!("{found} of {} found; missing: {missing:?}", names.len());
    })
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` on a thread of its own; fails the test if it takes longer
    /// than ten seconds, and with `f`'s own message if it panics.
    fn within_deadline<T: Send + 'static>(
        f: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        use std::sync::mpsc::{self, RecvTimeoutError};
        let (done, result) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let _ = done.send(f());
        });
        match result.recv_timeout(Duration::from_secs(10)) {
            Ok(value) => value,
            Err(RecvTimeoutError::Disconnected) => {
                std::panic::resume_unwind(thread.join().unwrap_err())
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!("did not finish within the deadline: a hang")
            }
        }
    }

    #[test]
    fn counts_and_notes_the_missing() {
        let (found, missing) = within_deadline(|| {
            block_on(async {
                let names =
                    ["fn", "dyn", "mod", "use"].map(|w| format!("{w}.test"));
                let mut missing = Vec::new();
                (count_found(&names, &mut missing).await, missing)
            })
            .unwrap()
        });
        assert_eq!(found, 2);
        assert_eq!(missing, ["dyn.test", "use.test"]);
    }
}
