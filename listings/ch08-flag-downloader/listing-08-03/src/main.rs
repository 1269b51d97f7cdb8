//! The async flag downloader: one future per flag, all driven at once by
//! `join_all` on a Tokio runtime. Run without arguments, it starts the demo
//! flag server in the background and saves into a temporary directory; give
//! it a base URL to use your own server.

use std::error::Error;
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

async fn download_one(
    client: &Client,
    base: &str,
    dest: &Path,
    cc: &str,
) -> Result<(), Box<dyn Error>> {
    let image = get_flag(client, base, cc).await?;
    let file = dest.join(format!("{}.gif", cc.to_lowercase()));
    tokio::fs::write(file, image).await?;
    print!("{cc} ");
    Ok(std::io::stdout().flush()?)
}
// ANCHOR_END: get_flag

// ANCHOR: download_many
async fn download_many(
    base: &str,
    dest: &Path,
    codes: &[&str],
) -> Result<usize, Box<dyn Error>> {
    let client = Client::new();
    let downloads =
        codes.iter().map(|cc| download_one(&client, base, dest, cc));
    for result in join_all(downloads).await {
        result?; // every future makes progress at once; then any error
    }
    println!();
    Ok(codes.len())
}
// ANCHOR_END: download_many

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
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
    let count = download_many(&base, dest, &DEMO_CODES).await?;
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
            .expect("done within 30 s")
            .expect("no error");
        // What is on disk, byte for byte, not what the function says.
        demo.assert_saved(&DEMO_CODES);
        assert!(demo.stats().max_in_flight() > 1, "requests overlapped");
    }

    #[tokio::test]
    async fn an_unreachable_server_is_an_error_not_a_panic() {
        // Bind a port, then free it: nothing listens there any more.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}/flags", listener.local_addr().unwrap());
        drop(listener);
        let dest = std::env::temp_dir(); // nothing is saved: no flag comes
        let run = download_many(&base, &dest, &["BR", "IN"]);
        let deadline = Duration::from_secs(30);
        let result = tokio::time::timeout(deadline, run).await;
        let result = result.expect("done within 30 s");
        let error = result.expect_err("no server, no flags").to_string();
        assert!(error.contains("error sending request"), "{error}");
    }
}
