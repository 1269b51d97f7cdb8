//! The async flag downloader with a limit: a semaphore lets at most four
//! downloads run at once, each in a task of its own, and a `JoinSet` waits
//! for the tasks. It starts the demo flag server in the background and saves
//! into a temporary directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use flag_server::{DEMO_CODES, Demo};
use reqwest::Client;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// The most downloads in flight at once.
const LIMIT: usize = 4;

async fn get_flag(
    client: &Client,
    base: &str,
    cc: &str,
) -> reqwest::Result<Vec<u8>> {
    let cc = cc.to_lowercase();
    let url = format!("{base}/{cc}/{cc}.gif");
    let response = client.get(url).send().await?.error_for_status()?;
    Ok(response.bytes().await?.to_vec())
}

/// Listing 8-3's `download_one`, owning what it uses, as a task must.
async fn download_one(client: Client, base: String, dest: PathBuf, cc: &str) {
    let image = get_flag(&client, &base, cc).await.expect("a flag");
    let file = dest.join(format!("{}.gif", cc.to_lowercase()));
    tokio::fs::write(file, image).await.expect("a saved file");
    print!("{cc} ");
    std::io::stdout().flush().expect("stdout is open");
}

// ANCHOR: download_many
async fn download_many(
    base: &str,
    dest: &Path,
    codes: &[&'static str],
    limit: usize,
) -> usize {
    let client = Client::new();
    let semaphore = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for &cc in codes {
        // Wait here until one of the `limit` permits is free.
        let permit = semaphore.clone().acquire_owned().await.expect("open");
        let (client, base) = (client.clone(), base.to_string());
        let dest = dest.to_path_buf();
        tasks.spawn(async move {
            let _permit = permit; // given back when this task ends
            download_one(client, base, dest, cc).await;
        });
    }
    let finished = tasks.join_all().await; // wait for the last few
    println!();
    finished.len()
}
// ANCHOR_END: download_many

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let demo = Demo::start()?; // the server and a temporary directory
    let start = Instant::now();
    let count =
        download_many(demo.base_url(), demo.dest(), &DEMO_CODES, LIMIT).await;
    let elapsed = start.elapsed();
    println!(
        "{count} flags downloaded in {elapsed:.2?}, at most {LIMIT} at a time"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn saves_every_flag_with_at_most_limit_requests_at_once() {
        let demo = Demo::start().unwrap();
        let run = download_many(demo.base_url(), demo.dest(), &DEMO_CODES, 3);
        let deadline = Duration::from_secs(30);
        tokio::time::timeout(deadline, run)
            .await
            .expect("done within 30 s");
        demo.assert_saved(&DEMO_CODES);
        // Measured at the server: the most requests it held at once.
        assert_eq!(demo.stats().max_in_flight(), 3);
    }
}
