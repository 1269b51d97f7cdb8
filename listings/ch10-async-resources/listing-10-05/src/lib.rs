//! `@asynccontextmanager` as a function that takes an async closure: the
//! setup, the body and the cleanup are in one place, and the cleanup runs
//! whether the body succeeds or fails.

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
