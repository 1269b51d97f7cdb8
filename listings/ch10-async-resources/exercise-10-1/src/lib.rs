//! Exercise 10-1: Listing 10-3's `lookup_both`, closing its connection
//! when a lookup fails too, without a helper: the body goes into an async
//! block, and the block's result waits while the connection is closed.

use std::io;
use std::net::SocketAddr;

use listing_10_03::Connection;

// ANCHOR: solution
/// Looks up both keys and closes the connection, whatever happened.
pub async fn lookup_both(
    addr: SocketAddr,
    first: &str,
    second: &str,
) -> io::Result<(String, String)> {
    let mut conn = Connection::connect(addr).await?;
    // try:
    let result: io::Result<_> = async {
        let a = conn.request(&format!("GET {first}")).await?;
        let b = conn.request(second).await?;
        Ok((a, b))
    }
    .await;
    // finally:
    let closed = conn.close().await;
    let answers = result?; // the lookup's error comes first
    closed?;
    Ok(answers)
}
// ANCHOR_END: solution
