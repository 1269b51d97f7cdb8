//! One line service, written against the `futures` I/O traits only, and the
//! glue that runs it on four runtimes. Only [`runtimes`] names a runtime.

pub mod part_one;
pub mod runtimes;

use futures::future::try_join;
use futures::io::{
    AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader,
};
use std::io;

// ANCHOR: agnostic
/// Answers every line with the same line in capitals, until the client
/// hangs up, and returns how many lines it answered.
pub async fn shout<S>(stream: S) -> io::Result<usize>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut stream = BufReader::new(stream); // still writable
    let mut line = String::new();
    let mut answered = 0;
    while stream.read_line(&mut line).await? != 0 {
        stream.write_all(line.to_uppercase().as_bytes()).await?;
        answered += 1;
        line.clear();
    }
    Ok(answered)
}
// ANCHOR_END: agnostic

// ANCHOR: ask
/// Sends each line and reads its answer; hangs up when done.
pub async fn ask<S>(stream: S, lines: &[&str]) -> io::Result<Vec<String>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut stream = BufReader::new(stream);
    let mut answers = Vec::new();
    for line in lines {
        stream.write_all(format!("{line}\n").as_bytes()).await?;
        let mut answer = String::new();
        stream.read_line(&mut answer).await?;
        answers.push(answer.trim_end().to_string());
    }
    Ok(answers) // dropping `stream` here hangs up
}
// ANCHOR_END: ask

// ANCHOR: exchange
/// Runs the service on one end of a connection and the client on the
/// other, in one task: `try_join` is a future, not a spawn.
pub async fn exchange<S>(
    server: S,
    client: S,
    lines: &[&str],
) -> io::Result<(usize, Vec<String>)>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    try_join(shout(server), ask(client, lines)).await
}
// ANCHOR_END: exchange
