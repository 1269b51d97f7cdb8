//! `let _ = mutex.lock().await` binds nothing: the guard is dropped on the
//! spot and the lock protects nothing. Two writers append three-line
//! records to one log; only with `let _guard` do the records stay whole.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio::time::sleep;

// ANCHOR: pitfall
/// The lock guards the order of the log, not its data: `Mutex<()>`.
async fn write_record(
    turn: &Mutex<()>,
    log: &std::sync::Mutex<Vec<String>>,
    writer: &str,
    keep_guard: bool,
) {
    let _guard; // assigned below, lives to the end of the function
    if keep_guard {
        _guard = turn.lock().await;
    } else {
        let _ = turn.lock().await; // locked and released on this line
    }
    for line in ["begin", "body", "end"] {
        log.lock().unwrap().push(format!("{writer}: {line}"));
        sleep(Duration::from_millis(10)).await; // a slow disk, say
    }
}
// ANCHOR_END: pitfall

async fn run(keep_guard: bool) -> Vec<String> {
    let turn = Arc::new(Mutex::new(()));
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut writers = JoinSet::new();
    for writer in ["ana", "bo"] {
        let (turn, log) = (Arc::clone(&turn), Arc::clone(&log));
        writers.spawn(async move {
            write_record(&turn, &log, writer, keep_guard).await;
        });
    }
    writers.join_all().await;
    let log = log.lock().unwrap();
    log.clone()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("let _ = turn.lock().await:");
    println!("    {}", run(false).await.join(", "));
    println!("let _guard = turn.lock().await:");
    println!("    {}", run(true).await.join(", "));
}
