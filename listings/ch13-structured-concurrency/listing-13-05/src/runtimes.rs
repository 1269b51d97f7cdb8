//! The only runtime-specific code: which executor polls [`exchange`], and
//! which reactor watches its sockets.

use crate::exchange;
use crate::part_one::{PartOneStream, block_on_with_reactor};
use std::io;
use std::net::{TcpListener, TcpStream};
use tokio_util::compat::TokioAsyncReadCompatExt;

/// The two ends of a connection on 127.0.0.1, in non-blocking mode, made
/// with std before any runtime starts.
pub fn socket_pair() -> io::Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let client = TcpStream::connect(listener.local_addr()?)?;
    let (server, _) = listener.accept()?;
    server.set_nonblocking(true)?;
    client.set_nonblocking(true)?;
    Ok((server, client))
}

/// What one run returns: lines answered, and the answers.
pub type Answers = (usize, Vec<String>);

// ANCHOR: tokio
pub fn on_tokio(lines: &[&str]) -> io::Result<Answers> {
    let (server, client) = socket_pair()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async {
        // Tokio's sockets need Tokio's reactor; `compat` gives them the
        // `futures` traits.
        let server = tokio::net::TcpStream::from_std(server)?.compat();
        let client = tokio::net::TcpStream::from_std(client)?.compat();
        exchange(server, client, lines).await
    })
}
// ANCHOR_END: tokio

// ANCHOR: smol
pub fn on_smol(lines: &[&str]) -> io::Result<Answers> {
    let (server, client) = socket_pair()?;
    smol::block_on(async {
        let server = smol::Async::new(server)?; // has the traits already
        let client = smol::Async::new(client)?;
        exchange(server, client, lines).await
    })
}

pub fn on_futures_executor(lines: &[&str]) -> io::Result<Answers> {
    let (server, client) = socket_pair()?;
    // No reactor here: smol's sockets bring their own, on a thread.
    futures::executor::block_on(async {
        let server = smol::Async::new(server)?;
        let client = smol::Async::new(client)?;
        exchange(server, client, lines).await
    })
}
// ANCHOR_END: smol

// ANCHOR: part_one
pub fn on_part_one(lines: &'static [&'static str]) -> io::Result<Answers> {
    let (server, client) = socket_pair()?;
    block_on_with_reactor(move |reactor| async move {
        let server = PartOneStream::new(server, &reactor)?;
        let client = PartOneStream::new(client, &reactor)?;
        exchange(server, client, lines).await
    })?
}
// ANCHOR_END: part_one
