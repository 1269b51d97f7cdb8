//! The TCP mojifinder: a line protocol for finding Unicode characters by
//! name, served with Tokio.
//!
//! A client connects and gets a prompt, `?> `. Each line it sends is a
//! query; the server answers one line per character whose name has every
//! word of the query (fields separated by tabs), then a status line, then
//! prompts again:
//!
//! ```text
//! ?> cat face
//! U+1F431   🐱   CAT FACE
//! ...
//! ────────────────────────────────────────────────────────────────── 10 found
//! ```
//!
//! The server is built for tests, as mini-redis is: [`run`] takes a bound
//! listener and a shutdown future, so a test binds `127.0.0.1:0`, runs the
//! server in a task and stops it by completing the future.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use charindex::{CharIndex, CharTable};
use futures::StreamExt;
use tokio::io::{AsyncWriteExt, BufWriter};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{sleep, timeout};
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{Instrument, debug, info, info_span, warn};

/// What the server writes when it is ready for the next query.
pub const PROMPT: &str = "?> ";

/// How the server is limited. [`Config::default`] is what `main` uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// The longest query line accepted, in bytes, without its line ending.
    /// The longest character name has 88 letters, so 1 KiB is generous, and
    /// it stops a client from making us buffer an endless line.
    pub max_line: usize,
    /// How many clients may be connected at once. Each holds a socket (a
    /// file descriptor) and a little memory; past this, new clients get a
    /// message and are closed at once. At least 1, and at most
    /// [`Semaphore::MAX_PERMITS`].
    pub max_connections: usize,
    /// How long a client may take, after a prompt, to send a whole line.
    /// An idle client, or one sending a byte now and then, holds a place
    /// under `max_connections`: without this, a thousand of them would
    /// lock everyone else out for as long as they liked.
    pub idle_timeout: Duration,
    /// How long one write may wait for the client to take our bytes. A
    /// client that asks for a long answer and stops reading would
    /// otherwise hold its task, and its place, until the server stops.
    pub write_timeout: Duration,
    /// After shutdown starts, how long connections get to finish the query
    /// they are answering before `run` returns anyway.
    pub grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_line: 1024,
            max_connections: 1000,
            idle_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(10),
            grace: Duration::from_secs(5),
        }
    }
}

// ANCHOR: bind
/// How many connections the kernel may hold for us before we accept them.
/// `TcpListener::bind` in std and Tokio asks for 128: a burst of a thousand
/// clients overflows that, and Linux then silently drops connections that
/// the client already believes are open.
pub const BACKLOG: u32 = 1024;

/// Binds a listener on `addr` with room for [`BACKLOG`] pending clients.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?; // restart at once after a shutdown
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}
// ANCHOR_END: bind

// ANCHOR: ctrl_c
/// Ctrl-C as a future whose handler is installed now, when this is called,
/// not when the future is first polled: a Ctrl-C pressed any time after
/// the call is caught. Where signals cannot be caught, it never completes.
pub fn ctrl_c() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let signal = tokio::signal::unix::signal(
        tokio::signal::unix::SignalKind::interrupt(),
    );
    #[cfg(windows)]
    let signal = tokio::signal::windows::ctrl_c();
    async move {
        if let Ok(mut signal) = signal
            && signal.recv().await.is_some()
        {
            return;
        }
        std::future::pending().await
    }
}
// ANCHOR_END: ctrl_c

// ANCHOR: run
/// Accepts clients on `listener` until `shutdown` completes, then stops
/// accepting, tells idle clients goodbye, lets queries being answered finish
/// (for at most `config.grace`) and returns.
pub async fn run(
    listener: TcpListener,
    index: Arc<CharIndex>,
    config: Config,
    shutdown: impl Future,
) {
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let stopping = CancellationToken::new();
    let tasks = TaskTracker::new();
    result_lines(); // formatted now, not on the first query
    tokio::pin!(shutdown);
    // ANCHOR_END: run
    // ANCHOR: accept
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    back_off(error).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            refuse(&stream, peer, config.max_connections);
            continue;
        };
        let client = Client {
            index: Arc::clone(&index),
            config: config.clone(),
            stopping: stopping.clone(),
        };
        let span = info_span!("client", %peer);
        tasks.spawn(client.serve(stream, permit).instrument(span));
    }
    // ANCHOR_END: accept
    // ANCHOR: drain
    drop(listener); // new clients are now refused by the OS
    info!(open = tasks.len(), "shutting down: no longer accepting");
    stopping.cancel();
    tasks.close();
    if tokio::time::timeout(config.grace, tasks.wait())
        .await
        .is_err()
    {
        warn!(open = tasks.len(), "grace period over, dropping clients");
    }
}
// ANCHOR_END: drain

/// An accept failed: we are out of file descriptors, or a client left
/// before we accepted it. Neither is a reason to stop serving the others,
/// but retrying at once would spin, so wait a little.
async fn back_off(error: io::Error) {
    warn!(%error, "accept failed");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Tells a client the server is full, without waiting: `try_write` sends
/// what fits in the socket's buffer now, and a short line always fits.
fn refuse(stream: &TcpStream, peer: SocketAddr, max: usize) {
    warn!(%peer, "refused: {max} clients already connected");
    let message = format!(
        "server busy: {max} clients connected, please try again later\r\n"
    );
    let _ = stream.try_write(message.as_bytes());
}

/// What one connection needs: its own handle on the shared index, the
/// limits and the signal that the server is shutting down.
struct Client {
    index: Arc<CharIndex>,
    config: Config,
    stopping: CancellationToken,
}

/// Why a conversation ended, for the log.
#[derive(Debug)]
enum End {
    /// The client closed its side (end of file).
    Eof,
    /// A line began with a control character: an arrow key typed into
    /// telnet or nc. The asyncio server in Fluent Python closes then too.
    Control,
    /// The bytes were not UTF-8 (telnet's Ctrl-C is `FF F4`, for one).
    NotUtf8,
    /// The line was longer than the limit.
    TooLong,
    /// No whole line came within the idle timeout.
    Idle,
    /// The client took none of our bytes within the write timeout.
    Stalled,
    /// The server is shutting down.
    Shutdown,
}

impl Client {
    /// Serves one connection to the end and logs how it ended. An I/O
    /// error (a reset, a broken pipe) ends this connection only. The
    /// permit is this client's place; dropping it at the end frees it.
    async fn serve(self, stream: TcpStream, _permit: OwnedSemaphorePermit) {
        info!("connected");
        let end = match self.converse(stream).await {
            Ok(end) => end,
            Err(error) if error.kind() == io::ErrorKind::TimedOut => {
                End::Stalled
            }
            Err(error) => return info!(%error, "closed by an I/O error"),
        };
        info!(?end, "closed");
    }

    // ANCHOR: converse
    /// Prompts, reads a line, answers it; again, until the conversation
    /// ends.
    async fn converse(&self, stream: TcpStream) -> io::Result<End> {
        let (reader, writer) = stream.into_split();
        // `LinesCodec` counts the CR of a CRLF ending in its limit.
        let codec = LinesCodec::new_with_max_length(self.config.max_line + 1);
        let mut lines = FramedRead::new(reader, codec);
        let mut out = BufWriter::new(writer);
        let mut answer = Vec::new(); // reused for every answer
        loop {
            self.send(&mut out, PROMPT).await?;
            let line = tokio::select! {
                // A line that has already arrived is answered first.
                biased;
                line = lines.next() => line,
                () = self.stopping.cancelled() => {
                    let bye = "\r\nserver shutting down, goodbye\r\n";
                    self.send(&mut out, bye).await?;
                    return Ok(End::Shutdown);
                }
                () = sleep(self.config.idle_timeout) => {
                    self.send(&mut out, "\r\nidle too long, goodbye\r\n")
                        .await?;
                    return Ok(End::Idle);
                }
            };
            // ANCHOR_END: converse
            // ANCHOR: line
            let line = match line {
                None => return Ok(End::Eof),
                Some(Ok(line)) if line.len() <= self.config.max_line => line,
                Some(Ok(_) | Err(LinesCodecError::MaxLineLengthExceeded)) => {
                    let limit = self.config.max_line;
                    let message = format!(
                        "error: line longer than {limit} bytes, closing\r\n"
                    );
                    self.send(&mut out, &message).await?;
                    return Ok(End::TooLong);
                }
                Some(Err(LinesCodecError::Io(error))) => {
                    return match error.kind() {
                        io::ErrorKind::InvalidData => Ok(End::NotUtf8),
                        _ => Err(error),
                    };
                }
            };
            let query = line.trim();
            if query.is_empty() {
                continue; // a blank line just gets a new prompt
            }
            if query.starts_with(char::is_control) {
                return Ok(End::Control);
            }
            // ANCHOR_END: line
            let found = self.answer(query, &mut answer, &mut out).await?;
            debug!(query, found, "answered");
        }
    }

    // ANCHOR: send
    /// Writes `text` and flushes it to the client, waiting at most the
    /// write timeout for the client to take it.
    async fn send<W>(&self, out: &mut W, text: &str) -> io::Result<()>
    where
        W: AsyncWriteExt + Unpin,
    {
        self.timed(out.write_all(text.as_bytes())).await?;
        self.timed(out.flush()).await
    }

    /// Runs one write, or fails with `TimedOut` when the client has not
    /// taken the bytes within the write timeout.
    async fn timed(
        &self,
        write: impl Future<Output = io::Result<()>>,
    ) -> io::Result<()> {
        timeout(self.config.write_timeout, write)
            .await
            .unwrap_or_else(|_| Err(io::ErrorKind::TimedOut.into()))
    }
    // ANCHOR_END: send

    // ANCHOR: answer
    /// Writes one line per character found, then the status line, and
    /// returns how many were found. The answer is put together in
    /// `answer` from lines formatted at start-up, then written.
    async fn answer<W>(
        &self,
        query: &str,
        answer: &mut Vec<u8>,
        out: &mut W,
    ) -> io::Result<usize>
    where
        W: AsyncWriteExt + Unpin,
    {
        let found = self.index.search(query);
        answer.clear();
        for &c in &found {
            answer.extend_from_slice(result_lines().get(c));
        }
        let count = found.len().to_string();
        for part in [RULE, " ", &count, " found\r\n"] {
            answer.extend_from_slice(part.as_bytes());
        }
        // Into the buffer, 8 KB at a time, each with the write timeout:
        // this waits only when the buffer is full.
        for chunk in answer.chunks(8 * 1024) {
            self.timed(out.write_all(chunk)).await?;
        }
        Ok(found.len())
    }
    // ANCHOR_END: answer
}

// ANCHOR: result_lines
/// The rule at the start of the status line: 66 box-drawing characters.
const RULE: &str =
    "──────────────────────────────────────────────────────────────────";

/// Every character's result line, formatted once per process:
/// `U+1F431\t🐱\tCAT FACE\r\n`, the code point in hex, the character and
/// its name, separated by tabs.
pub fn result_lines() -> &'static CharTable {
    static LINES: OnceLock<CharTable> = OnceLock::new();
    LINES.get_or_init(|| {
        CharTable::new(|c, name, out| {
            let code = u32::from(c);
            let line = format!("U+{code:04X}\t{c}\t{name}\r\n");
            out.extend_from_slice(line.as_bytes());
        })
    })
}
// ANCHOR_END: result_lines
