//! `BlockingLines`: chapter 1's `Iterator`, fed by chapter 12's kind of
//! async source. Each `next` blocks on a current-thread runtime that the
//! iterator owns, so a plain `for` loop can read lines from a Tokio socket.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

// ANCHOR: solution_struct
/// The lines a server sends, one `next` at a time. Each line must arrive
/// within `patience` of asking for it.
pub struct BlockingLines {
    runtime: Runtime,
    lines: Lines<BufReader<TcpStream>>,
    patience: Duration,
}

impl BlockingLines {
    pub fn connect(addr: SocketAddr, patience: Duration) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let stream = runtime.block_on(TcpStream::connect(addr))?;
        let lines = BufReader::new(stream).lines();
        Ok(BlockingLines {
            runtime,
            lines,
            patience,
        })
    }
}

// ANCHOR_END: solution_struct

// ANCHOR: solution_next
impl Iterator for BlockingLines {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        // The timer is made inside block_on: made outside, it finds no
        // runtime and panics, as Listing 15-7's socket did.
        let line = async {
            tokio::time::timeout(self.patience, self.lines.next_line()).await
        };
        match self.runtime.block_on(line) {
            Ok(line) => line.transpose(),
            Err(_) => Some(Err(io::ErrorKind::TimedOut.into())),
        }
    }
}
// ANCHOR_END: solution_next
