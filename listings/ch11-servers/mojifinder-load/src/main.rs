//! Load for the mojifinders, measured from the client's side. Run by
//! `ci/bench-mojifinder.sh` on release builds; each subcommand prints one
//! row of a Markdown table.
//!
//! - `tcp`: many clients, each with its own connection, send queries one
//!   after another for a fixed time; we count the answers and time each
//!   one from the query's last byte sent to the next prompt's last byte
//!   read.
//! - `http`: the same over HTTP/1.1 keep-alive connections (used when `wrk`
//!   is not installed).
//! - `index`: how long building the character index takes.
//! - `names`: every character's name, for the Python peers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use mojifinder_load::QUERIES;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Barrier;
use tokio::task::JoinSet;
use tokio::time::timeout;

/// How long all the clients may take to connect before the measurement.
const CONNECTING: Duration = Duration::from_secs(60);

/// How long one read may wait for the server: a server that goes silent
/// stops the run with an error instead of hanging it.
const SILENCE: Duration = Duration::from_secs(10);

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the TCP mojifinder.
    Tcp {
        /// The server's address.
        #[arg(long)]
        addr: SocketAddr,
        /// How many clients, each with one connection.
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// How long to measure, once every client is connected.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// Load the web mojifinder with `GET /search?q=...` requests.
    Http {
        #[arg(long)]
        addr: SocketAddr,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// Time building the character index.
    Index {
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Print every named character as `XXXX<TAB>NAME`, one per line, for
    /// the Python peers to index the same names.
    Names,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Args::parse().command {
        Command::Tcp {
            addr,
            clients,
            seconds,
        } => {
            let took = load(addr, clients, seconds, tcp_client).await?;
            println!("| TCP | {clients} | {} |", took.row());
        }
        Command::Http {
            addr,
            clients,
            seconds,
        } => {
            let took = load(addr, clients, seconds, http_client).await?;
            println!(
                "| HTTP (Rust client, query mix) | {clients} | {} |",
                took.row()
            );
        }
        Command::Index { runs } => index(runs),
        Command::Names => names()?,
    }
    Ok(())
}

/// Writes `XXXX\tNAME` for every named character, in code point order.
fn names() -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for c in char::MIN..=char::MAX {
        if let Some(name) = charindex::name(c) {
            writeln!(out, "{:04X}\t{name}", u32::from(c))?;
        }
    }
    out.flush()
}

/// Builds the index `runs` times and prints the fastest and the median.
fn index(runs: usize) {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            let index = charindex::CharIndex::new();
            let took = start.elapsed();
            assert!(!index.is_empty());
            took
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "| index build (release) | {runs} | {:.0?} | {median:.0?} |",
        times[0]
    );
}

/// What one measurement gathered.
struct Measured {
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Measured {
    /// `queries | q/s | p50 | p99`.
    fn row(mut self) -> String {
        self.latencies.sort();
        let n = self.latencies.len();
        let at = |q: f64| self.latencies[((n as f64 * q) as usize).min(n - 1)];
        let rate = n as f64 / self.elapsed.as_secs_f64();
        format!("{n} | {rate:.0} | {:.2?} | {:.2?}", at(0.50), at(0.99))
    }
}

/// Runs `clients` copies of `client` against `addr`: all connect, wait for
/// each other, then query for `seconds`. Returns every latency measured.
async fn load<F, Fut>(
    addr: SocketAddr,
    clients: usize,
    seconds: u64,
    client: F,
) -> anyhow::Result<Measured>
where
    F: Fn(SocketAddr, usize, Arc<Barrier>, Duration) -> Fut,
    Fut: Future<Output = anyhow::Result<Vec<Duration>>> + Send + 'static,
{
    let ready = Arc::new(Barrier::new(clients + 1));
    let window = Duration::from_secs(seconds);
    let mut tasks = JoinSet::new();
    for n in 0..clients {
        tasks.spawn(client(addr, n, Arc::clone(&ready), window));
    }
    // A client that fails to connect (refused, "server busy") never
    // reaches the barrier: stop with its error instead of waiting for it.
    let connected = async {
        tokio::select! {
            _ = ready.wait() => Ok(()),
            Some(early) = tasks.join_next() => match early? {
                Err(error) => Err(error.context("a client failed before the start")),
                Ok(_) => bail!("a client finished before the start"),
            },
        }
    };
    timeout(CONNECTING, connected)
        .await
        .context("the clients could not all connect in time")??;
    let start = Instant::now();
    let mut latencies = Vec::new();
    while let Some(done) = tasks.join_next().await {
        latencies.extend(done??);
    }
    let elapsed = start.elapsed();
    if latencies.is_empty() {
        bail!("no query was answered");
    }
    Ok(Measured { latencies, elapsed })
}

// ANCHOR: load
/// One TCP client: query, read up to the next prompt, time it, repeat
/// until the window closes.
async fn tcp_client(
    addr: SocketAddr,
    n: usize,
    ready: Arc<Barrier>,
    window: Duration,
) -> anyhow::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(addr).await.context("connect")?;
    let mut buf = Vec::with_capacity(64 * 1024);
    read_until_prompt(&mut stream, &mut buf).await?;
    ready.wait().await;
    let deadline = Instant::now() + window;
    let mut latencies = Vec::new();
    for query in QUERIES.iter().cycle().skip(n % QUERIES.len()) {
        if Instant::now() >= deadline {
            break;
        }
        let sent = Instant::now();
        stream.write_all(format!("{query}\r\n").as_bytes()).await?;
        read_until_prompt(&mut stream, &mut buf).await?;
        latencies.push(sent.elapsed());
    }
    Ok(latencies)
}
// ANCHOR_END: load

/// Reads until the data ends with the prompt `?> `.
async fn read_until_prompt(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> anyhow::Result<()> {
    buf.clear();
    let mut chunk = [0; 16 * 1024];
    while !buf.ends_with(b"?> ") {
        let n = read_some(stream, &mut chunk).await?;
        if n == 0 {
            let said = String::from_utf8_lossy(buf);
            bail!("the server closed the connection after {said:?}");
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(())
}

/// Reads what the server has sent, waiting at most [`SILENCE`].
async fn read_some(
    stream: &mut TcpStream,
    chunk: &mut [u8],
) -> anyhow::Result<usize> {
    match timeout(SILENCE, stream.read(chunk)).await {
        Ok(read) => Ok(read?),
        Err(_) => bail!("the server said nothing for {SILENCE:?}"),
    }
}

/// One HTTP client on one keep-alive connection.
async fn http_client(
    addr: SocketAddr,
    n: usize,
    ready: Arc<Barrier>,
    window: Duration,
) -> anyhow::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(addr).await.context("connect")?;
    ready.wait().await;
    let deadline = Instant::now() + window;
    let mut latencies = Vec::new();
    let mut buf = Vec::with_capacity(64 * 1024);
    for query in QUERIES.iter().cycle().skip(n % QUERIES.len()) {
        if Instant::now() >= deadline {
            break;
        }
        let q = query.replace(' ', "+");
        let request =
            format!("GET /search?q={q} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        let sent = Instant::now();
        stream.write_all(request.as_bytes()).await?;
        read_response(&mut stream, &mut buf).await?;
        latencies.push(sent.elapsed());
    }
    Ok(latencies)
}

/// Reads one response with a `content-length` (axum's JSON answers have
/// one) and checks its status.
async fn read_response(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> anyhow::Result<()> {
    buf.clear();
    let mut chunk = [0; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&buf[..end])?;
            if !head.starts_with("HTTP/1.1 200") {
                bail!("unexpected response: {}", head.lines().next().unwrap());
            }
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .context("no content-length")?
                .parse()?;
            if buf.len() >= end + 4 + length {
                return Ok(());
            }
        }
        let n = read_some(stream, &mut chunk).await?;
        if n == 0 {
            bail!("the server closed the connection");
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A server that is full: it tells every client so and closes.
    async fn busy_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let busy = b"server busy: 1 clients connected\r\n";
                let _ = stream.write_all(busy).await;
            }
        });
        addr
    }

    /// A server that accepts every client, reads what it sends and never
    /// answers.
    async fn silent_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut sink = [0; 1024];
                    while let Ok(1..) = stream.read(&mut sink).await {}
                });
            }
        });
        addr
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_server_stops_the_run_with_an_error() {
        // Paused time: the 10 s of silence pass at once.
        for client in ["tcp", "http"] {
            let addr = silent_server().await;
            let run = async {
                match client {
                    "tcp" => load(addr, 2, 1, tcp_client).await,
                    _ => load(addr, 2, 1, http_client).await,
                }
            };
            let result = timeout(Duration::from_secs(120), run)
                .await
                .unwrap_or_else(|_| panic!("{client}: the run hung"));
            let error = format!("{:#}", result.err().expect("an error"));
            assert!(
                error.contains("the server said nothing for 10s"),
                "{client}: {error}"
            );
        }
    }

    #[tokio::test]
    async fn a_client_refused_before_the_start_stops_the_run_with_an_error() {
        let addr = busy_server().await;
        let run = load(addr, 3, 1, tcp_client);
        let result = timeout(Duration::from_secs(20), run)
            .await
            .expect("the load run hung at the barrier");
        let error = format!("{:#}", result.err().expect("an error"));
        assert!(error.contains("server busy"), "{error}");
    }
}
