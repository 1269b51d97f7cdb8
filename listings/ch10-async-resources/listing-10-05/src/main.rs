//! `with_connection` on success and on error: the server sees a QUIT
//! both times. Then `with_connections`, with three connections, and with
//! a third that cannot connect.

use std::io;

use listing_10_05::{with_connection, with_connections};
use session_server::SessionServer;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let mut server = SessionServer::start()?;
    let addr = server.addr();

    let keys = ["alpha", "beta"];
    let answers = with_connection(addr, async |conn| {
        let mut answers = Vec::new();
        for key in &keys {
            answers.push(conn.request(&format!("GET {key}")).await?);
        }
        Ok(answers)
    })
    .await?;
    println!("answers: {answers:?}");
    println!("success: {}", server.next_event().await?);
    // ANCHOR_END: main

    // ANCHOR: failed
    let failed = with_connection(addr, async |conn| {
        conn.request("GET alpha").await?;
        conn.request("SLEEP not-a-number").await // fails
    })
    .await;
    if let Err(error) = failed {
        println!("failed:  {error}");
    }
    println!("error:   {}", server.next_event().await?);
    // ANCHOR_END: failed

    // ANCHOR: stack
    let three = [addr, addr, addr];
    let used = with_connections(&three, async |conns| {
        for (i, conn) in conns.iter_mut().enumerate() {
            conn.request(&format!("GET {i}")).await?;
        }
        Ok(conns.len())
    })
    .await?;
    println!("{used} connections, closed last first:");
    for _ in 0..used {
        println!("    {}", server.next_event().await?);
    }
    let with_dead = [addr, addr, closed_port()?];
    // The body never runs: the third connect fails.
    let refused = with_connections(&with_dead, async |_| Ok(())).await;
    println!("third connect: {:?}", refused.map_err(|e| e.kind()));
    for _ in 0..2 {
        println!("    {}", server.next_event().await?);
    }
    Ok(())
}
// ANCHOR_END: stack

/// An address on 127.0.0.1 where nothing listens: a port the system gave
/// us and that we closed again.
fn closed_port() -> io::Result<std::net::SocketAddr> {
    std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()
}
