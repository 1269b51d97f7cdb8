//! `with_connection` on success and on error: the server sees a QUIT
//! both times.

use std::io;

use listing_10_05::with_connection;
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
    Ok(())
}
// ANCHOR_END: failed
