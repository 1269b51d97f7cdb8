//! A prime server: a client sends a number per line, the server answers
//! whether it is prime. The check is CPU work, done by trial division, and
//! the server does it either right in the connection's task (`Inline`) or
//! on Tokio's blocking pool (`Offloaded`).

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The longest line the server reads; a number needs at most 20 digits.
const MAX_LINE: u64 = 64;

/// Where the prime check runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// In the connection's task, on a runtime thread.
    Inline,
    /// On Tokio's blocking pool, through `spawn_blocking`.
    Offloaded,
}

/// Trial division: about `sqrt(n) / 2` divisions for a prime.
pub fn is_prime(n: u64) -> bool {
    if n < 2 || n.is_multiple_of(2) {
        return n == 2;
    }
    // Not `d * d <= n`: that overflows for the largest primes a client
    // may send.
    let limit = n.isqrt();
    (3..)
        .step_by(2)
        .take_while(|d| *d <= limit)
        .all(|d| !n.is_multiple_of(d))
}

/// Accepts connections until `listener` fails, each in its own task.
pub async fn serve(listener: TcpListener, mode: Mode) -> io::Result<()> {
    loop {
        let (socket, _) = listener.accept().await?;
        tokio::spawn(async move {
            // A client that vanishes is its own business.
            let _ = handle(socket, mode).await;
        });
    }
}

// ANCHOR: handle
/// Answers one client's lines until it hangs up or sends a bad line.
async fn handle(mut socket: TcpStream, mode: Mode) -> io::Result<()> {
    let (reader, mut writer) = socket.split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    loop {
        line.clear();
        let read = (&mut reader).take(MAX_LINE).read_line(&mut line).await?;
        if read == 0 {
            return Ok(()); // the client hung up
        }
        // A line cut off at MAX_LINE bytes is bad, whatever its start says.
        let whole = line.ends_with('\n') || read < MAX_LINE as usize;
        let Some(n) = line.trim().parse::<u64>().ok().filter(|_| whole) else {
            let error = b"error: send one number per line\n";
            return writer.write_all(error).await;
        };
        let not = if check(n, mode).await? { "" } else { "not " };
        let answer = format!("{n} is {not}prime\n");
        writer.write_all(answer.as_bytes()).await?;
    }
}
// ANCHOR_END: handle

// ANCHOR: check
/// Checks `n` where `mode` says.
async fn check(n: u64, mode: Mode) -> io::Result<bool> {
    match mode {
        Mode::Inline => Ok(is_prime(n)), // holds this runtime thread
        Mode::Offloaded => tokio::task::spawn_blocking(move || is_prime(n))
            .await
            .map_err(io::Error::other),
    }
}
// ANCHOR_END: check
