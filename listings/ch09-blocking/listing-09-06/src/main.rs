//! A dedicated thread fed by a channel. One plain thread owns a log file
//! behind a `BufWriter` for the whole run; tasks send it lines through a
//! Tokio channel and get back each line's number through a oneshot. The
//! thread ends when the last sender is dropped, after flushing the file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::thread;

use tokio::sync::{mpsc, oneshot};

// ANCHOR: request
/// A request to the writer thread: a line, and where to send its number.
struct Append {
    line: String,
    numbered: oneshot::Sender<u64>,
}
// ANCHOR_END: request

// ANCHOR: writer
/// Starts the thread that owns the log; returns the way to reach it and
/// the thread's handle, which reports how the writing went.
fn start_writer(
    path: PathBuf,
) -> (
    mpsc::Sender<Append>,
    thread::JoinHandle<std::io::Result<()>>,
) {
    let (tx, mut rx) = mpsc::channel::<Append>(64); // bounded: backpressure
    let thread = thread::spawn(move || {
        let mut log = BufWriter::new(File::create(&path)?);
        let mut count = 0;
        // `blocking_recv` waits without a runtime: this is a plain thread.
        while let Some(Append { line, numbered }) = rx.blocking_recv() {
            writeln!(log, "{line}")?;
            count += 1;
            let _ = numbered.send(count); // the asker may have given up
        }
        log.flush() // every sender is gone: the run is over
    });
    (tx, thread)
}
// ANCHOR_END: writer

// ANCHOR: append
/// Appends a line through the writer thread and returns its number.
async fn append(log: &mpsc::Sender<Append>, line: &str) -> Option<u64> {
    let (numbered, number) = oneshot::channel();
    let line = line.to_string();
    log.send(Append { line, numbered }).await.ok()?;
    number.await.ok()
}
// ANCHOR_END: append

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let path = std::env::temp_dir()
        .join(format!("listing-09-06-{}.log", std::process::id()));
    let (log, writer) = start_writer(path.clone());
    for word in ["spawn_blocking", "block_in_place", "rayon"] {
        let number = append(&log, word).await.expect("the writer runs");
        println!("line {number}: {word}");
    }
    drop(log); // the last sender: the thread flushes and ends
    // Joining a thread blocks, so it goes to the blocking pool too.
    let joined = tokio::task::spawn_blocking(|| writer.join()).await;
    let written = joined.expect("joined").expect("the writer did not panic");
    written.expect("the log was written");
    let text = tokio::fs::read_to_string(&path).await.expect("the log");
    println!("the file holds {} lines", text.lines().count());
    tokio::fs::remove_file(&path).await.expect("remove the log");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_log_that_cannot_be_created_is_an_error_not_a_hang() {
        let path = std::env::temp_dir().join("no-such-dir-09-06/x.log");
        let (log, writer) = start_writer(path);
        assert_eq!(append(&log, "lost").await, None);
        let error = writer.join().expect("no panic").expect_err("no file");
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    }

    #[tokio::test]
    async fn lines_are_numbered_in_order_and_flushed_at_the_end() {
        let path = std::env::temp_dir()
            .join(format!("listing-09-06-test-{}.log", std::process::id()));
        let (log, writer) = start_writer(path.clone());
        for (i, word) in ["a", "b", "c", "d"].iter().enumerate() {
            assert_eq!(append(&log, word).await, Some(i as u64 + 1));
        }
        drop(log);
        writer.join().expect("no panic").expect("written");
        let text = std::fs::read_to_string(&path).expect("the log");
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(text, "a\nb\nc\nd\n");
    }
}
