//! The async flag downloader: one future per flag, all driven at once by
//! `join_all` on a Tokio runtime. Run without arguments, it starts the demo
//! flag server in the background and saves into a temporary directory; give
//! it a base URL to use your own server.

use std::error::Error;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
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
    let mut out = io::stdout();
    write!(out, "{cc} ")?; // where print! would panic, an error
    Ok(out.flush()?)
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
    writeln!(io::stdout())?;
    Ok(codes.len())
}
// ANCHOR_END: download_many

/// Runs the downloader; an error ends it with status 1, except that a
/// reader who has gone away (`listing-08-03 | head -1`) ends it quietly.
fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&*error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Error: {error:?}"); // as Rust prints a main's error
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &(dyn Error + 'static)) -> bool {
    let io = error.downcast_ref::<io::Error>();
    io.is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

// ANCHOR: run
#[tokio::main]
async fn run() -> Result<(), Box<dyn Error>> {
    let demo; // lives to the end of run, when it stops the server
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
    let elapsed = start.elapsed();
    writeln!(io::stdout(), "{count} flags downloaded in {elapsed:.2?}")?;
    Ok(())
}
// ANCHOR_END: run

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
