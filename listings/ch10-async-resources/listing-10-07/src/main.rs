//! Eight users share a pool of two connections; a third user waits, and
//! gives up after the pool's wait limit; a request cut short costs the
//! pool its connection.

use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use listing_10_07::{Pool, PoolError};
use session_server::SessionServer;
use tokio::task::JoinSet;

// ANCHOR: share
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut server = SessionServer::start()?;
    let limit = Duration::from_millis(100);
    let pool = Arc::new(Pool::new(server.addr(), 2, limit));
    let mut users = JoinSet::new();
    for user in 0..8 {
        let pool = Arc::clone(&pool);
        users.spawn(async move {
            let mut conn = pool.get().await?;
            conn.request(&format!("GET {user}")).await?;
            conn.request("SLEEP 20").await?;
            Ok::<_, PoolError>(())
        }); // each user's `conn` goes back to the pool as its task ends
    }
    for result in users.join_all().await {
        result?;
    }
    println!(
        "8 users: {} connections opened, at most {} at once, {} idle",
        server.opened(),
        server.max_open(),
        pool.idle()
    );

    // ANCHOR_END: share

    // ANCHOR: limits
    let (first, second) = (pool.get().await?, pool.get().await?);
    match pool.get().await {
        Ok(_) => println!("a third connection?"),
        Err(error) => println!("a third user: {error}"),
    }
    drop((first, second));

    let mut conn = pool.get().await?;
    let cut_short = tokio::time::timeout(limit, conn.request("SLEEP 1000"));
    println!("cut short: timed out = {}", cut_short.await.is_err());
    drop(conn);
    println!("idle after that: {}", pool.idle());
    let event = server.next_event().await?;
    println!(
        "server: {}",
        event.split_once(", then ").map_or("?", |e| e.1)
    );
    Ok(())
}
// ANCHOR_END: limits
