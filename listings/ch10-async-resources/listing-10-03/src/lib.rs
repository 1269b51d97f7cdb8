//! A client connection to chapter 10's session server, with the explicit
//! async cleanup that `Drop` cannot do: [`Connection::close`] says `QUIT`,
//! waits for the server's `BYE`, and closes the socket. Later listings of
//! the chapter build on this type.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

// ANCHOR: connection
/// One connection to the session server.
pub struct Connection {
    stream: BufReader<TcpStream>,
    /// From a request sent until its answer is read.
    in_request: bool,
}

impl Connection {
    pub async fn connect(addr: SocketAddr) -> io::Result<Connection> {
        let stream = BufReader::new(TcpStream::connect(addr).await?);
        Ok(Connection {
            stream,
            in_request: false,
        })
    }

    // ANCHOR_END: connection

    // ANCHOR: close
    /// Sends one line and returns the server's answer.
    pub async fn request(&mut self, line: &str) -> io::Result<String> {
        self.in_request = true;
        self.stream
            .write_all(format!("{line}\n").as_bytes())
            .await?;
        let answer = self.read_answer().await?;
        self.in_request = false;
        match answer.strip_prefix("ERR ") {
            Some(error) => Err(io::Error::other(error.to_owned())),
            None => Ok(answer),
        }
    }

    /// The async cleanup: say goodbye, wait for the answer, close.
    pub async fn close(mut self) -> io::Result<()> {
        if self.in_request {
            self.read_answer().await?; // owed to a request cut short
        }
        self.stream.write_all(b"QUIT\n").await?;
        match self.read_answer().await? {
            bye if bye == "BYE" => self.stream.shutdown().await,
            other => Err(io::Error::other(format!("not a BYE: {other}"))),
        }
    }
    // ANCHOR_END: close

    /// Whether the connection is between a request and its answer: then
    /// the next line it reads would be the old request's answer.
    pub fn is_in_request(&self) -> bool {
        self.in_request
    }

    async fn read_answer(&mut self) -> io::Result<String> {
        let mut answer = String::new();
        if self.stream.read_line(&mut answer).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(answer.trim_end().to_owned())
    }
}
