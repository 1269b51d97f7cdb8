//! What the tests share: servers on 127.0.0.1:0 that stop when the test's
//! runtime ends, and clients with a deadline on every read.

#![allow(dead_code)] // each test file uses a different part

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use charindex::CharIndex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

/// No single step of a test may take longer than this.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub fn index() -> Arc<CharIndex> {
    static INDEX: OnceLock<Arc<CharIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(CharIndex::new())))
}

/// The TCP mojifinder of Listing 11-2, with its default limits.
pub async fn ours_tcp() -> SocketAddr {
    let listener = listing_11_02::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    let config = listing_11_02::Config::default();
    let never = std::future::pending::<()>();
    tokio::spawn(listing_11_02::run(listener, index(), config, never));
    addr
}

/// The web mojifinder of Listing 11-3, with its default limits.
pub async fn ours_web() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = listing_11_03::Config::default();
    let never = std::future::pending::<()>();
    tokio::spawn(listing_11_03::run(listener, index(), config, never));
    addr
}

/// A TCP client of the line protocol.
pub struct Client {
    stream: TcpStream,
}

impl Client {
    /// Connects and reads the first prompt.
    pub async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.unwrap();
        let mut client = Client { stream };
        assert_eq!(client.until_prompt().await, b"?> ");
        client
    }

    /// Sends `query` and a CRLF; returns every byte up to and including the
    /// next prompt.
    pub async fn ask(&mut self, query: &str) -> Vec<u8> {
        let line = format!("{query}\r\n");
        self.stream.write_all(line.as_bytes()).await.unwrap();
        self.until_prompt().await
    }

    async fn until_prompt(&mut self) -> Vec<u8> {
        let mut got = Vec::new();
        let mut buf = [0; 16 * 1024];
        while !got.ends_with(b"?> ") {
            let n = timeout(PATIENCE, self.stream.read(&mut buf))
                .await
                .expect("the server went quiet")
                .unwrap();
            assert!(n > 0, "closed after {:?}", String::from_utf8_lossy(&got));
            got.extend_from_slice(&buf[..n]);
        }
        got
    }
}

/// What the tests compare of an HTTP answer: the status line, the headers
/// that matter (not `date`) and the body.
#[derive(Debug, PartialEq)]
pub struct Reply {
    pub status: String,
    pub content_type: Option<String>,
    pub content_length: Option<String>,
    pub total: Option<String>,
    pub body: Vec<u8>,
}

/// `GET target` on a connection of its own, which the server closes after.
pub async fn get(addr: SocketAddr, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    timeout(PATIENCE, stream.read_to_end(&mut got))
        .await
        .expect("no whole answer in time")
        .unwrap();
    let end = got
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no end of head");
    let head = String::from_utf8(got[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().to_string();
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    };
    Reply {
        status,
        content_type: header("content-type"),
        content_length: header("content-length"),
        total: header("x-total-count"),
        body: got[end + 4..].to_vec(),
    }
}

/// `q` as it goes in a URL: the mix has letters and spaces only.
pub fn url_query(q: &str) -> String {
    q.replace(' ', "%20")
}
