//! The async flag downloader: one future per flag, all driven at once by
//! `join_all` on a Tokio runtime. Run without arguments, it starts the demo
//! flag server in the background and saves into a temporary directory; give
//! it a base URL to use your own server.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use flag_server::{DEMO_CODES, Demo};
use futures::future::join_all;
use reqwest::Client;

// ANCHOR: get_flag
/// Fetches one flag. Each `.await` is a point where this task may pause
/// while the runtime drives the others.
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
// ANCHOR_END: get_flag

// ANCHOR: download_one
async fn download_one(client: &Client, base: &str, dest: &Path, cc: &str) {
    let image = get_flag(client, base, cc).await.expect("a flag");
    let file = dest.join(format!("{}.gif", cc.to_lowercase()));
    tokio::fs::write(file, image).await.expect("a saved file");
    print!("{cc} ");
    std::io::stdout().flush().expect("stdout is open");
}

async fn download_many(base: &str, dest: &Path, codes: &[&str]) -> usize {
    let client = Client::new();
    let downloads =
        codes.iter().map(|cc| download_one(&client, base, dest, cc));
    join_all(downloads).await; // every future makes progress at once
    println!();
    codes.len()
}
// ANCHOR_END: download_one

// ANCHOR: main
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let demo; // lives to the end of main, when it stops the server
    let (base, dest) = match std::env::args().nth(1) {
        Some(base) => (base, Path::new("downloads")),
        None => {
            demo = Demo::start()?; // the server and a temporary directory
            (demo.base_url().to_string(), demo.dest())
        }
    };
    tokio::fs::create_dir_all(dest).await?;

    let start = Instant::now();
    let count = download_many(&base, dest, &DEMO_CODES).await;
    println!("{count} flags downloaded in {:.2?}", start.elapsed());
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn fetches_all_flags_at_once() {
        let demo = Demo::start().unwrap();
        let run = download_many(demo.base_url(), demo.dest(), &DEMO_CODES);
        let deadline = Duration::from_secs(30);
        tokio::time::timeout(deadline, run)
            .await
            .expect("done within 30 s");
        // What is on disk, byte for byte, not what the function says.
        demo.assert_saved(&DEMO_CODES);
        assert!(demo.stats().max_in_flight() > 1, "requests overlapped");
    }
}
