//! The permit pitfall. A semaphore limits concurrency only while its permit
//! is alive. `let _permit = ...` keeps the permit to the end of the block;
//! `let _ = ...` drops it on the spot, and nothing is limited at all. The
//! flag server counts the requests it holds at once, so we can see it.

use std::sync::Arc;
use std::time::Duration;

use flag_server::{Background, COUNTRIES, Config, Delay};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const LIMIT: usize = 10;
const FLAGS: usize = 50;

// ANCHOR: pitfall
async fn fetch_all(base: &str, keep_permit: bool) {
    let client = reqwest::Client::new();
    let semaphore = Arc::new(Semaphore::new(LIMIT));
    let mut tasks = JoinSet::new();
    for country in &COUNTRIES[..FLAGS] {
        let cc = country.iso_cc.to_lowercase();
        let url = format!("{base}/flags/{cc}/{cc}.gif");
        let (client, semaphore) = (client.clone(), semaphore.clone());
        tasks.spawn(async move {
            if keep_permit {
                let _permit = semaphore.acquire().await.unwrap();
                client.get(url).send().await.unwrap(); // permit held
            } else {
                let _ = semaphore.acquire().await.unwrap(); // dropped here!
                client.get(url).send().await.unwrap();
            }
        });
    }
    tasks.join_all().await;
}
// ANCHOR_END: pitfall

#[tokio::main]
async fn main() -> std::io::Result<()> {
    for keep_permit in [false, true] {
        // A fresh server each time, so that each count starts at zero. A
        // second per answer: time for all 50 to arrive on a busy machine.
        let delay = Delay::Fixed(Duration::from_secs(1));
        let server = Background::start(Config::delay(delay))?;
        fetch_all(server.url(), keep_permit).await;
        let binding = if keep_permit {
            "let _permit"
        } else {
            "let _      "
        };
        println!(
            "{binding} = semaphore.acquire(): {FLAGS} requests, limit {LIMIT}, \
             at most {} at once",
            server.stats().max_in_flight()
        );
    }
    Ok(())
}
