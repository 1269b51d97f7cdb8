//! What the protocol tests share: one index per test binary, a server on
//! 127.0.0.1:0 that the test stops, and a client that reads up to the next
//! prompt.

#![allow(dead_code)] // each test file uses a different part

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use charindex::CharIndex;
use listing_11_02::{Config, PROMPT, bind, run};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// No single step of a test may take longer than this.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub fn index() -> Arc<CharIndex> {
    static INDEX: OnceLock<Arc<CharIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(CharIndex::new())))
}

/// A running server and the means to stop it.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    pub async fn start(config: Config) -> Server {
        let listener = bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(run(listener, index(), config, stopped));
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    pub async fn connect(&self) -> Client {
        Client::connect(self.addr).await
    }

    /// A client that got a prompt, not "server busy": retries until a
    /// place is free, and fails the test if none frees up in time.
    pub async fn connect_when_free(&self) -> Client {
        let retry = async {
            loop {
                let mut client = self.connect().await;
                if client.until_prompt().await == PROMPT {
                    return client;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        timeout(PATIENCE, retry)
            .await
            .expect("no place came free in time")
    }

    /// Starts the shutdown and waits for `run` to return.
    pub async fn shut_down(mut self) {
        self.begin_shutdown();
        timeout(PATIENCE, self.task).await.unwrap().unwrap();
    }

    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).unwrap();
        }
    }

    /// Whether `run` has returned.
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    pub async fn finished(self) {
        timeout(PATIENCE, self.task).await.unwrap().unwrap();
    }
}

pub struct Client {
    pub stream: TcpStream,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.unwrap();
        Client { stream }
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    /// Everything up to and including the next prompt, or up to the end of
    /// the stream if the server closes first.
    pub async fn until_prompt(&mut self) -> String {
        let mut got = Vec::new();
        let mut buf = [0; 4096];
        while !got.ends_with(PROMPT.as_bytes()) {
            let n = timeout(PATIENCE, self.stream.read(&mut buf))
                .await
                .expect("the server went quiet")
                .unwrap_or(0); // a reset counts as the end
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        utf8(got)
    }

    /// Everything until the server closes the connection.
    pub async fn until_closed(&mut self) -> String {
        let mut got = Vec::new();
        timeout(PATIENCE, self.stream.read_to_end(&mut got))
            .await
            .expect("the server did not close the connection")
            .unwrap();
        utf8(got)
    }

    /// Sends a query and returns the answer, without the final prompt.
    pub async fn ask(&mut self, query: &str) -> String {
        self.send(format!("{query}\r\n").as_bytes()).await;
        let answer = self.until_prompt().await;
        answer
            .strip_suffix(PROMPT)
            .expect("no prompt after the answer")
            .to_string()
    }
}

/// The status line for `n` results.
pub fn status(n: usize) -> String {
    format!("{} {n} found\r\n", "─".repeat(66))
}

fn utf8(bytes: Vec<u8>) -> String {
    // Not `expect`: its message would print every byte.
    String::from_utf8(bytes)
        .unwrap_or_else(|_| panic!("the server sent invalid UTF-8"))
}
