//! `@asynccontextmanager` as a function that takes an async closure: the
//! setup, the body and the cleanup are in one place, and the cleanup runs
//! whether the body succeeds or fails. And `AsyncExitStack` as one that
//! opens any number of connections and closes them all, last first.

use std::io;
use std::net::SocketAddr;

pub use listing_10_03::Connection;

// ANCHOR: with_connection
/// Connects, runs `body` with the connection, and closes it, whether the
/// body succeeded or not. The body's error wins over a failed close.
pub async fn with_connection<T>(
    addr: SocketAddr,
    body: impl AsyncFnOnce(&mut Connection) -> io::Result<T>,
) -> io::Result<T> {
    let mut conn = Connection::connect(addr).await?; // __aenter__
    let result = body(&mut conn).await;
    let closed = conn.close().await; // __aexit__, on Ok and on Err
    let value = result?;
    closed?;
    Ok(value)
}
// ANCHOR_END: with_connection

// ANCHOR: with_connections
/// Connects to every address, runs `body` with all the connections, and
/// closes them, last opened first, as an `AsyncExitStack` would. If a
/// connect fails, the ones already open are closed before the error
/// returns.
pub async fn with_connections<T>(
    addrs: &[SocketAddr],
    body: impl AsyncFnOnce(&mut [Connection]) -> io::Result<T>,
) -> io::Result<T> {
    let mut stack = Vec::with_capacity(addrs.len());
    // try: an async block, so that `?` leaves the block, not the function
    let result = async {
        for addr in addrs {
            stack.push(Connection::connect(*addr).await?); // enter
        }
        body(&mut stack).await
    }
    .await;
    // finally: close every connection that was opened, last first
    let mut closed = Ok(());
    while let Some(conn) = stack.pop() {
        closed = closed.and(conn.close().await); // keep the first error
    }
    let value = result?;
    closed?;
    Ok(value)
}
// ANCHOR_END: with_connections
