//! An echo server and an echo client, written as callbacks on listing 4-7's
//! event loop. Every socket is non-blocking; whenever a call would block,
//! the code hands the socket to the loop with the callback that continues
//! the work, and returns.
//!
//! A connection is in one of two states, and the loop waits for one thing at
//! a time: *reading* (wait until readable, read what is there) or *writing*
//! (write what was read; if the peer is slow, wait until writable). While it
//! writes it does not read, so a client that sends without reading is held
//! back by TCP itself instead of filling our memory.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use event_loop::EventLoop;

/// The most the server reads from one client before echoing it: it bounds
/// the memory a connection can hold.
const MAX_BUFFERED: usize = 64 * 1024;

/// The most a client sends before reading its echo back. Far below any
/// socket buffer, so client and server can never both wait to write.
const CLIENT_WINDOW: usize = 16 * 1024;

/// What the server did, for the tests and the demo. Atomic, so a test can
/// read it from another thread while the loop runs.
#[derive(Debug, Default)]
pub struct Stats {
    /// Connections accepted.
    pub connections: AtomicU64,
    /// Bytes read and written back.
    pub bytes_echoed: AtomicU64,
    /// Times a write would have blocked, so the loop waited for writability.
    pub blocked_writes: AtomicU64,
    /// Connections dropped on an I/O error (say, the client vanished).
    pub failed: AtomicU64,
}

// ANCHOR: serve
/// Accepts clients on `listener` and echoes what they send. With a `limit`,
/// stops accepting after that many connections, so the loop can finish.
pub fn serve(
    el: &mut EventLoop,
    listener: TcpListener,
    limit: Option<u64>,
    stats: Arc<Stats>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    el.when_readable(listener, move |el, l| accept(el, l, limit, stats))
}

/// Starts serving a client that `accept` has just accepted.
fn start(el: &mut EventLoop, stream: TcpStream, stats: &Arc<Stats>) {
    stats.connections.fetch_add(1, Relaxed);
    // Linux does not pass non-blocking mode on to accepted sockets.
    match stream.set_nonblocking(true) {
        Ok(()) => echo(el, stream, stats),
        Err(_) => fail(stats),
    }
}
// ANCHOR_END: serve

// ANCHOR: accept
fn accept(
    el: &mut EventLoop,
    l: TcpListener,
    limit: Option<u64>,
    stats: Arc<Stats>,
) {
    loop {
        if limit.is_some_and(|n| stats.connections.load(Relaxed) >= n) {
            return; // dropping the listener closes it
        }
        match l.accept() {
            Ok((stream, _peer)) => start(el, stream, &stats),
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => {
                // Say, out of file handles: try again on the next pass.
                // (A production server backs off for a while first.)
                eprintln!("accept failed: {e}");
                break;
            }
        }
    }
    let again = move |el: &mut EventLoop, l| accept(el, l, limit, stats);
    wait(el.when_readable(l, again));
}
// ANCHOR_END: accept

/// Starts echoing on an accepted, non-blocking `stream`.
pub fn echo(el: &mut EventLoop, stream: TcpStream, stats: &Arc<Stats>) {
    read(el, stream, Conn::new(stats));
}

/// One client's state between callbacks.
struct Conn {
    buf: Vec<u8>,
    written: usize,
    eof: bool,
    stats: Arc<Stats>,
}

impl Conn {
    fn new(stats: &Arc<Stats>) -> Conn {
        let stats = Arc::clone(stats);
        Conn {
            buf: Vec::new(),
            written: 0,
            eof: false,
            stats,
        }
    }
}

fn fail(stats: &Stats) {
    stats.failed.fetch_add(1, Relaxed);
}

// ANCHOR: read
/// Reads what the client has sent, then echoes it. Called on a fresh
/// connection and whenever the socket becomes readable.
fn read(el: &mut EventLoop, mut stream: TcpStream, mut conn: Conn) {
    let mut chunk = [0; 4096];
    while conn.buf.len() < MAX_BUFFERED {
        match stream.read(&mut chunk) {
            Ok(0) => {
                conn.eof = true; // the client is done sending
                break;
            }
            Ok(n) => conn.buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return fail(&conn.stats), // drops (closes) the socket
        }
    }
    write(el, stream, conn);
}
// ANCHOR_END: read

// ANCHOR: write
/// Writes back what was read. A partial write keeps its place in `written`
/// and waits for the socket to become writable again.
fn write(el: &mut EventLoop, mut stream: TcpStream, mut conn: Conn) {
    while conn.written < conn.buf.len() {
        match stream.write(&conn.buf[conn.written..]) {
            Ok(0) => return fail(&conn.stats),
            Ok(n) => conn.written += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                conn.stats.blocked_writes.fetch_add(1, Relaxed);
                let more = |el: &mut EventLoop, s| write(el, s, conn);
                return wait(el.when_writable(stream, more));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return fail(&conn.stats), // e.g. the client vanished
        }
    }
    let echoed = conn.written as u64;
    conn.stats.bytes_echoed.fetch_add(echoed, Relaxed);
    conn.buf.clear();
    conn.written = 0;
    if !conn.eof {
        let more = |el: &mut EventLoop, s| read(el, s, conn);
        wait(el.when_readable(stream, more));
    } // else: returning drops the stream, which closes the connection
}
// ANCHOR_END: write

/// Registering a wait fails only if the poller itself fails; the
/// connection is lost then, and the error says why.
fn wait(registered: io::Result<()>) {
    if let Err(e) = registered {
        eprintln!("cannot wait for a socket: {e}");
    }
}

// ANCHOR: client
/// Connects to `addr`, sends `message` a window at a time, reading each
/// window's echo before sending the next, and hands what came back to
/// `done`.
pub fn echo_client(
    el: &mut EventLoop,
    addr: SocketAddr,
    message: Vec<u8>,
    done: impl FnOnce(io::Result<Vec<u8>>) + 'static,
) -> io::Result<()> {
    // std has no non-blocking connect. On 127.0.0.1 this returns at once
    // while the listener's backlog has room: the kernel completes the
    // handshake and queues the connection before the server accepts it.
    let stream = TcpStream::connect(addr)?;
    stream.set_nonblocking(true)?;
    let client = Client {
        message,
        sent: 0,
        back: Vec::new(),
        done: Box::new(done),
    };
    send(el, stream, client);
    Ok(())
}
// ANCHOR_END: client

struct Client {
    message: Vec<u8>,
    sent: usize,
    back: Vec<u8>,
    done: Box<dyn FnOnce(io::Result<Vec<u8>>)>,
}

/// Sends the rest of the current window, then waits for its echo.
fn send(el: &mut EventLoop, mut stream: TcpStream, mut c: Client) {
    let window_end = (c.back.len() + CLIENT_WINDOW).min(c.message.len());
    while c.sent < window_end {
        match stream.write(&c.message[c.sent..window_end]) {
            Ok(n) => c.sent += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let more = |el: &mut EventLoop, s| send(el, s, c);
                return wait(el.when_writable(stream, more));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return (c.done)(Err(e)),
        }
    }
    receive(el, stream, c);
}

/// Reads until everything sent so far has come back.
fn receive(el: &mut EventLoop, mut stream: TcpStream, mut c: Client) {
    let mut chunk = [0; 4096];
    while c.back.len() < c.sent {
        match stream.read(&mut chunk) {
            Ok(0) => {
                let e =
                    io::Error::new(ErrorKind::UnexpectedEof, "server hung up");
                return (c.done)(Err(e));
            }
            Ok(n) => c.back.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let more = |el: &mut EventLoop, s| receive(el, s, c);
                return wait(el.when_readable(stream, more));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return (c.done)(Err(e)),
        }
    }
    if c.sent < c.message.len() {
        send(el, stream, c);
    } else {
        // Tell the server we are done; dropping the stream then closes it.
        let _ = stream.shutdown(Shutdown::Write);
        (c.done)(Ok(c.back));
    }
}
