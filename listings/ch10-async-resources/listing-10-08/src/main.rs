//! Listing 10-7's demonstration, on deadpool.

use std::error::Error;
use std::time::Duration;

use listing_10_08::pool;
use session_server::SessionServer;
use tokio::task::JoinSet;

type BoxError = Box<dyn Error + Send + Sync>;

// ANCHOR: share
#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let server = SessionServer::start()?;
    let limit = Duration::from_millis(100);
    let pool = pool(server.addr(), 2, limit);
    let mut users = JoinSet::new();
    for user in 0..8 {
        let pool = pool.clone(); // a handle: every clone is the same pool
        users.spawn(async move {
            let mut conn = pool.get().await?;
            conn.request(&format!("GET {user}")).await?;
            Ok::<_, BoxError>(())
        });
    }
    for result in users.join_all().await {
        result?;
    }
    let (opened, most) = (server.opened(), server.max_open());
    println!("8 users: {opened} connections opened, at most {most} at once");
    // ANCHOR_END: share

    // ANCHOR: limits
    let (first, second) = (pool.get().await?, pool.get().await?);
    if let Err(error) = pool.get().await {
        println!("a third user: {error}");
    }
    drop((first, second));

    let mut conn = pool.get().await?;
    let cut_short = tokio::time::timeout(limit, conn.request("SLEEP 1000"));
    println!("cut short: timed out = {}", cut_short.await.is_err());
    drop(conn); // back in the queue, with an answer owed
    let (mut one, mut two) = (pool.get().await?, pool.get().await?);
    // The server counts a connection when it accepts it, which can come
    // after our connect returns; an answer on each means both are counted.
    one.request("one").await?;
    two.request("two").await?;
    println!("both connections in use: {} opened in all", server.opened());
    drop((one, two));
    Ok(())
}
// ANCHOR_END: limits
