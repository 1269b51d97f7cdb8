//! A client connection to chapter 10's session server, with the explicit
//! async cleanup that `Drop` cannot do: [`Connection::close`] says `QUIT`,
//! waits for the server's `BYE`, and closes the socket. Later listings of
//! the chapter build on this type.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// The longest answer we read, in bytes, without its line end: the
/// server's answers are short, and a line with no end must not fill our
/// memory.
pub const MAX_ANSWER: usize = 1024;

/// How long a request may take, from sending it to its whole answer,
/// unless [`Connection::with_deadline`] says otherwise.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

// ANCHOR: connection
/// One connection to the session server.
pub struct Connection {
    stream: BufReader<TcpStream>,
    /// From a request sent until its answer is read.
    in_request: bool,
    /// The most a request may take, answer included.
    deadline: Duration,
}

impl Connection {
    pub async fn connect(addr: SocketAddr) -> io::Result<Connection> {
        let stream = BufReader::new(TcpStream::connect(addr).await?);
        Ok(Connection {
            stream,
            in_request: false,
            deadline: DEFAULT_DEADLINE,
        })
    }

    // ANCHOR_END: connection

    /// The same connection with another deadline for each request.
    pub fn with_deadline(mut self, deadline: Duration) -> Connection {
        self.deadline = deadline;
        self
    }

    // ANCHOR: close
    /// Sends one line and returns the server's answer.
    pub async fn request(&mut self, line: &str) -> io::Result<String> {
        self.in_request = true;
        let answer = self.exchange(Some(line)).await?;
        self.in_request = false;
        match answer.strip_prefix("ERR ") {
            Some(error) => Err(io::Error::other(error.to_owned())),
            None => Ok(answer),
        }
    }

    /// The async cleanup: say goodbye, wait for the answer, close.
    pub async fn close(mut self) -> io::Result<()> {
        if self.in_request {
            self.exchange(None).await?; // owed to a request cut short
        }
        match self.exchange(Some("QUIT")).await? {
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

    // ANCHOR: exchange
    /// Sends `line`, if any, and reads one answer, all within the
    /// deadline. After an error, what the connection reads next may be
    /// the rest of this answer: only `close` should follow.
    async fn exchange(&mut self, line: Option<&str>) -> io::Result<String> {
        let deadline = self.deadline;
        let exchange = async {
            if let Some(line) = line {
                let request = format!("{line}\n");
                self.stream.write_all(request.as_bytes()).await?;
            }
            read_answer(&mut self.stream).await
        };
        timeout(deadline, exchange).await.unwrap_or_else(|_| {
            let message = format!("no answer within {deadline:?}");
            Err(io::Error::new(io::ErrorKind::TimedOut, message))
        })
    }
    // ANCHOR_END: exchange
}

// ANCHOR: read_answer
/// One line of at most [`MAX_ANSWER`] bytes, without its line end.
async fn read_answer(stream: &mut BufReader<TcpStream>) -> io::Result<String> {
    let mut line = Vec::new();
    let most = MAX_ANSWER as u64 + 1; // the answer and its b'\n'
    let n = stream.take(most).read_until(b'\n', &mut line).await?;
    if n == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    if !line.ends_with(b"\n") && n as u64 == most {
        let message = format!("an answer longer than {MAX_ANSWER} bytes");
        return Err(io::Error::new(io::ErrorKind::InvalidData, message));
    }
    let invalid = |error| io::Error::new(io::ErrorKind::InvalidData, error);
    let answer = String::from_utf8(line).map_err(invalid)?;
    Ok(answer.trim_end().to_owned())
}
// ANCHOR_END: read_answer
