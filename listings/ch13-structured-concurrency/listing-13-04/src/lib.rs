//! A job server that shuts down gracefully. A client sends lines such as
//! `JOB backup 200`; the server answers `working on backup`, works for
//! 200 ms, writes `backup` to its journal and only then answers
//! `done backup`. So every job a client saw acknowledged is in the journal.
//!
//! On shutdown it stops accepting, lets jobs in flight finish within a
//! grace period, and then cancels what is left.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;

/// The longest job a client may ask for.
const MAX_JOB: Duration = Duration::from_secs(60);

/// The file of finished jobs, one name a line.
pub struct Journal(Mutex<File>);

impl Journal {
    pub fn open(path: &Path) -> io::Result<Journal> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Journal(Mutex::new(file)))
    }

    /// Appends `name` and waits until it is on disk. A blocking call, but
    /// a short one (chapter 9 weighs such calls); it runs with no `.await`
    /// inside, so a cancelled task never leaves half a line.
    fn record(&self, name: &str) -> io::Result<()> {
        let mut file = self.0.lock().unwrap();
        file.write_all(format!("{name}\n").as_bytes())?;
        file.sync_data()
    }
}

/// Runs one client's jobs, one at a time, until it hangs up or the server
/// stops; a job in flight is finished first.
// ANCHOR: serve
async fn serve(
    stream: TcpStream,
    journal: Arc<Journal>,
    stopping: CancellationToken,
) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    loop {
        let line = tokio::select! {
            () = stopping.cancelled() => return Ok(()), // idle: take no more
            line = lines.next_line() => line?, // cancel-safe, per its docs
        };
        let Some(line) = line else { return Ok(()) }; // client hung up
        let reply = match parse(&line) {
            Ok((name, duration)) => {
                let working = format!("working on {name}\n");
                writer.write_all(working.as_bytes()).await?;
                sleep(duration).await; // the work
                journal.record(name)?; // first on disk...
                format!("done {name}\n") // ...then acknowledged
            }
            Err(problem) => format!("error: {problem}\n"),
        };
        writer.write_all(reply.as_bytes()).await?;
    }
}
// ANCHOR_END: serve

/// Reads `JOB <name> <milliseconds>`.
fn parse(line: &str) -> Result<(&str, Duration), String> {
    let usage = "expected JOB <name> <milliseconds>";
    let mut words = line.split_whitespace();
    let (Some("JOB"), Some(name), Some(ms), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(usage.to_string());
    };
    let ms: u64 = ms.parse().map_err(|_| usage.to_string())?;
    let duration = Duration::from_millis(ms);
    if duration > MAX_JOB {
        return Err(format!("a job takes at most {} ms", MAX_JOB.as_millis()));
    }
    Ok((name, duration))
}

/// Serves until `shutdown` completes, then drains. Returns how many
/// connections were still working when the grace period ran out.
// ANCHOR: run
pub async fn run(
    listener: TcpListener,
    journal: Arc<Journal>,
    grace: Duration,
    shutdown: impl Future<Output = ()>,
) -> usize {
    let stopping = CancellationToken::new();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            biased; // look at the shutdown first, every time round
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let (journal, stop) = (journal.clone(), stopping.clone());
                    connections.spawn(serve(stream, journal, stop));
                }
                Err(error) => pause_after(error).await,
            },
            Some(ended) = connections.join_next() => report(ended),
        }
    }
    drain(listener, connections, stopping, grace).await
}
// ANCHOR_END: run

// ANCHOR: drain
async fn drain(
    listener: TcpListener,
    mut connections: JoinSet<io::Result<()>>,
    stopping: CancellationToken,
    grace: Duration,
) -> usize {
    drop(listener); // new clients are refused from now on
    stopping.cancel(); // idle connections close; busy ones finish first
    eprintln!("shutting down: {} connection(s) open", connections.len());
    let finish_all = async {
        while let Some(ended) = connections.join_next().await {
            report(ended);
        }
    };
    if timeout(grace, finish_all).await.is_ok() {
        return 0;
    }
    let unfinished = connections.len();
    connections.shutdown().await; // abort them, and wait until they stop
    unfinished
}
// ANCHOR_END: drain

/// Logs a failed accept and pauses, so that an error that repeats (no
/// file descriptors left, say) does not spin the loop.
async fn pause_after(error: io::Error) {
    eprintln!("accept failed: {error}");
    sleep(Duration::from_millis(100)).await;
}

/// Logs a connection that ended in an error; a panic is a bug, so it goes
/// on up as a panic.
fn report(ended: Result<io::Result<()>, tokio::task::JoinError>) {
    match ended {
        Ok(Ok(())) => {}
        Ok(Err(error)) => eprintln!("connection failed: {error}"),
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    }
}
