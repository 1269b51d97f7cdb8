//! Three connections: one closed, one forgotten, one whose close an early
//! return skips. The server reports how each ended.

use std::io;
use std::net::SocketAddr;

use listing_10_03::Connection;
use session_server::SessionServer;

// ANCHOR: skipped
/// Looks up two keys, then closes: unless a lookup fails.
async fn lookup_both(addr: SocketAddr) -> io::Result<()> {
    let mut conn = Connection::connect(addr).await?;
    conn.request("GET alpha").await?;
    conn.request("SLEEP not-a-number").await?; // fails: returns at once
    conn.close().await // never reached
}
// ANCHOR_END: skipped

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let mut server = SessionServer::start()?;
    let addr = server.addr();

    let mut conn = Connection::connect(addr).await?;
    println!("{}", conn.request("GET alpha").await?);
    conn.close().await?;
    println!("closed:    {}", server.next_event().await?);

    let mut conn = Connection::connect(addr).await?;
    println!("{}", conn.request("GET beta").await?);
    drop(conn); // what the end of a scope does
    println!("dropped:   {}", server.next_event().await?);

    if let Err(error) = lookup_both(addr).await {
        println!("error: {error}");
    }
    println!("early `?`: {}", server.next_event().await?);
    Ok(())
}
// ANCHOR_END: main
