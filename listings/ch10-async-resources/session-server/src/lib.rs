//! The server that chapter 10's connections talk to. It speaks a line
//! protocol and, for each connection, reports how it ended: with a `QUIT`
//! (the client closed it properly) or without one (the client vanished).
//! That report is how the chapter's programs and tests see whether an
//! async cleanup ran.
//!
//! | the client sends | the server answers |
//! |---|---|
//! | `SLEEP ms` | `OK` after `ms` milliseconds |
//! | `QUIT` | `BYE`, then closes |
//! | any other line | `OK` and the line |
//!
//! [`SessionServer::start`] binds `127.0.0.1:0` and serves on a thread of
//! its own, with its own runtime, so the client may build and drop
//! runtimes as it likes; dropping the `SessionServer` stops it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

/// How long [`SessionServer::next_event`] waits before it gives up: far
/// longer than any demo needs, short enough that a broken one fails fast.
const EVENT_DEADLINE: Duration = Duration::from_secs(5);

/// Counts of connections, kept by the server as they open and close.
#[derive(Debug, Default)]
pub struct Stats {
    opened: AtomicUsize,
    open: AtomicUsize,
    max_open: AtomicUsize,
}

/// A running server; dropping it stops the server.
pub struct SessionServer {
    addr: SocketAddr,
    stats: Arc<Stats>,
    events: mpsc::UnboundedReceiver<String>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SessionServer {
    /// Binds `127.0.0.1:0` and starts serving on a thread of its own.
    pub fn start() -> io::Result<SessionServer> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let stats = Arc::new(Stats::default());
        let (events_tx, events) = mpsc::unbounded_channel();
        let (stop, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let server_stats = Arc::clone(&stats);
        let thread = std::thread::Builder::new()
            .name("session-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(std_listener)
                        .expect("called inside the runtime");
                    tokio::select! {
                        () = serve(listener, server_stats, events_tx) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(SessionServer {
            addr,
            stats,
            events,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The next connection's report, in the order connections end, such as
    /// `conn 1: 2 requests, then QUIT`. Fails after five seconds without
    /// one, so a client that never ends its connection fails instead of
    /// hanging.
    pub async fn next_event(&mut self) -> io::Result<String> {
        match tokio::time::timeout(EVENT_DEADLINE, self.events.recv()).await {
            Ok(Some(event)) => Ok(event),
            Ok(None) => Err(io::Error::other("the server has stopped")),
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no connection ended within 5 s",
            )),
        }
    }

    /// How many connections the server has accepted.
    pub fn opened(&self) -> usize {
        self.stats.opened.load(Ordering::SeqCst)
    }

    /// How many connections are open now.
    pub fn open(&self) -> usize {
        self.stats.open.load(Ordering::SeqCst)
    }

    /// The most connections that were open at the same time.
    pub fn max_open(&self) -> usize {
        self.stats.max_open.load(Ordering::SeqCst)
    }
}

impl Drop for SessionServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: TcpListener,
    stats: Arc<Stats>,
    events: mpsc::UnboundedSender<String>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait and go on serving.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let id = stats.opened.fetch_add(1, Ordering::SeqCst) + 1;
        let now_open = stats.open.fetch_add(1, Ordering::SeqCst) + 1;
        stats.max_open.fetch_max(now_open, Ordering::SeqCst);
        let (stats, events) = (Arc::clone(&stats), events.clone());
        tokio::spawn(async move {
            let report = session(stream).await;
            stats.open.fetch_sub(1, Ordering::SeqCst);
            let _ = events.send(format!("conn {id}: {report}"));
        });
    }
}

// ANCHOR: session
/// Serves one connection and says how it ended.
async fn session(stream: TcpStream) -> String {
    let mut stream = BufReader::new(stream);
    let mut requests = 0;
    let mut line = String::new();
    loop {
        line.clear();
        match stream.read_line(&mut line).await {
            Ok(0) | Err(_) => break, // closed, or reset, without a QUIT
            Ok(_) => {}
        }
        let request = line.trim_end();
        if request == "QUIT" {
            let _ = stream.write_all(b"BYE\n").await;
            return format!("{}, then QUIT", plural(requests));
        }
        requests += 1;
        let answer = answer(request).await;
        if stream.write_all(answer.as_bytes()).await.is_err() {
            break;
        }
    }
    format!("{}, then closed without QUIT", plural(requests))
}
// ANCHOR_END: session

async fn answer(request: &str) -> String {
    if let Some(ms) = request.strip_prefix("SLEEP ") {
        let Ok(ms) = ms.parse() else {
            return "ERR SLEEP takes milliseconds\n".into();
        };
        tokio::time::sleep(Duration::from_millis(ms)).await;
        return "OK\n".into();
    }
    format!("OK {request}\n")
}

fn plural(requests: usize) -> String {
    match requests {
        1 => "1 request".into(),
        n => format!("{n} requests"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn roundtrip(
        stream: &mut BufReader<TcpStream>,
        line: &str,
    ) -> String {
        stream.write_all(line.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_line(&mut answer).await.unwrap();
        answer
    }

    #[tokio::test]
    async fn reports_quit_and_vanish_and_counts() {
        let mut server = SessionServer::start().unwrap();
        let mut first =
            BufReader::new(TcpStream::connect(server.addr()).await.unwrap());
        assert_eq!(roundtrip(&mut first, "hello\n").await, "OK hello\n");
        assert_eq!(roundtrip(&mut first, "SLEEP 10\n").await, "OK\n");
        // A round trip on the second connection proves both are open.
        let mut second =
            BufReader::new(TcpStream::connect(server.addr()).await.unwrap());
        assert_eq!(roundtrip(&mut second, "hi\n").await, "OK hi\n");
        assert_eq!(roundtrip(&mut first, "QUIT\n").await, "BYE\n");
        let event = server.next_event().await.unwrap();
        assert_eq!(event, "conn 1: 2 requests, then QUIT");
        drop(second);
        let event = server.next_event().await.unwrap();
        assert_eq!(event, "conn 2: 1 request, then closed without QUIT");
        assert_eq!(
            (server.opened(), server.open(), server.max_open()),
            (2, 0, 2)
        );
    }

    #[tokio::test]
    async fn next_event_gives_up() {
        let mut server = SessionServer::start().unwrap();
        let _idle = TcpStream::connect(server.addr()).await.unwrap();
        let error = server.next_event().await.unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    }
}
