//! A job server that shuts down gracefully. A client sends lines such as
//! `JOB backup 200`; the server answers `working on backup`, works for
//! 200 ms, writes `backup` to its journal and only then answers
//! `done backup`. So every job a client saw acknowledged is in the journal.
//!
//! On shutdown it stops accepting, lets jobs in flight finish within a
//! grace period, and then cancels what is left.

use futures::StreamExt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::sleep;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;

/// The longest job a client may ask for.
const MAX_JOB: Duration = Duration::from_secs(60);

/// The longest line the server reads, in bytes; a job line is far shorter,
/// and a client cannot make the server buffer more than this.
const MAX_LINE: usize = 1024;

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
    let codec = LinesCodec::new_with_max_length(MAX_LINE);
    let mut lines = FramedRead::new(reader, codec);
    loop {
        let line = tokio::select! {
            () = stopping.cancelled() => return Ok(()), // idle: take no more
            line = lines.next() => line, // cancel-safe: the codec keeps
        }; //                                  a half-read line
        let reply = match line {
            None => return Ok(()), // client hung up
            Some(Ok(line)) => job(&line, &journal, &mut writer).await?,
            Some(Err(error)) => return refuse(error, &mut writer).await,
        };
        writer.write_all(reply.as_bytes()).await?;
    }
}
// ANCHOR_END: serve

/// Runs the job a line asks for, to its end, and returns the answer.
// ANCHOR: job
async fn job(
    line: &str,
    journal: &Journal,
    writer: &mut OwnedWriteHalf,
) -> io::Result<String> {
    let (name, duration) = match parse(line) {
        Ok(job) => job,
        Err(problem) => return Ok(format!("error: {problem}\n")),
    };
    let working = format!("working on {name}\n");
    writer.write_all(working.as_bytes()).await?;
    sleep(duration).await; // the work
    journal.record(name)?; // first on disk...
    Ok(format!("done {name}\n")) // ...then acknowledged
}
// ANCHOR_END: job

/// Answers a line that is too long or not UTF-8, and ends the
/// conversation: after an error the codec has lost its place in the stream.
async fn refuse(
    error: LinesCodecError,
    writer: &mut OwnedWriteHalf,
) -> io::Result<()> {
    let problem = match error {
        LinesCodecError::MaxLineLengthExceeded => {
            format!("a line holds at most {MAX_LINE} bytes")
        }
        LinesCodecError::Io(e) if e.kind() == io::ErrorKind::InvalidData => {
            "a line must be UTF-8".to_string()
        }
        LinesCodecError::Io(e) => return Err(e),
    };
    let reply = format!("error: {problem}; goodbye\n");
    writer.write_all(reply.as_bytes()).await
}

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

/// Serves until `shutdown` completes, then drains: jobs in flight may go
/// on until `grace` completes. Returns how many connections were still
/// working then.
// ANCHOR: run
pub async fn run(
    listener: TcpListener,
    journal: Arc<Journal>,
    shutdown: impl Future<Output = ()>,
    grace: impl Future<Output = ()>,
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
    grace: impl Future<Output = ()>,
) -> usize {
    drop(listener); // new clients are refused from now on
    stopping.cancel(); // idle connections close; busy ones finish first
    eprintln!("shutting down: {} connection(s) open", connections.len());
    let finish_all = async {
        while let Some(ended) = connections.join_next().await {
            report(ended);
        }
    };
    tokio::select! {
        () = finish_all => return 0,
        () = grace => {} // the grace period is over
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
