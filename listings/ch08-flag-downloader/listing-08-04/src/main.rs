//! The async flag downloader with a limit: a semaphore lets at most four
//! downloads run at once, each in a task of its own, and a `JoinSet` waits
//! for the tasks. It prints each code as its download starts: the order in
//! which they finish depends on how busy the machine is. It starts the demo flag server in the background and saves
//! into a temporary directory.

use std::error::Error;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
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

/// Any error, which may cross from one thread to another.
type BoxError = Box<dyn Error + Send + Sync>;

/// Listing 8-3's `download_one`, owning what it uses, as a task must, and
/// without its `print!`: here the loop prints each code as it starts it.
async fn download_one(
    client: Client,
    base: String,
    dest: PathBuf,
    cc: &str,
) -> Result<(), BoxError> {
    let image = get_flag(&client, &base, cc).await?;
    let file = dest.join(format!("{}.gif", cc.to_lowercase()));
    Ok(tokio::fs::write(file, image).await?)
}

/// Prints `cc` at once, on the line of codes.
fn show(cc: &str) -> io::Result<()> {
    let mut out = io::stdout();
    write!(out, "{cc} ")?; // where print! would panic, an error
    out.flush()
}

// ANCHOR: download_many
async fn download_many(
    base: &str,
    dest: &Path,
    codes: &[&'static str],
    limit: usize,
) -> Result<usize, BoxError> {
    let client = Client::new();
    let semaphore = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for &cc in codes {
        // Wait here until one of the `limit` permits is free.
        let permit = semaphore.clone().acquire_owned().await.expect("open");
        show(cc)?; // its download starts now
        let (client, base) = (client.clone(), base.to_string());
        let dest = dest.to_path_buf();
        tasks.spawn(async move {
            let _permit = permit; // given back when this task ends
            download_one(client, base, dest, cc).await
        });
    }
    for result in tasks.join_all().await {
        result?; // once the last few have finished, any error
    }
    Ok(codes.len())
}
// ANCHOR_END: download_many

/// Runs the downloader; an error ends it with status 1, except that a
/// reader who has gone away (`listing-08-04 | head -1`) ends it quietly.
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

#[tokio::main]
async fn run() -> Result<(), BoxError> {
    let demo = Demo::start()?; // the server and a temporary directory
    let start = Instant::now();
    let count =
        download_many(demo.base_url(), demo.dest(), &DEMO_CODES, LIMIT).await?;
    let elapsed = start.elapsed();
    writeln!(
        io::stdout(),
        "\n{count} flags downloaded in {elapsed:.2?}, at most {LIMIT} at a time"
    )?;
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
            .expect("done within 30 s")
            .expect("no error");
        demo.assert_saved(&DEMO_CODES);
        // Measured at the server: the most requests it held at once.
        assert_eq!(demo.stats().max_in_flight(), 3);
    }

    #[tokio::test]
    async fn an_unreachable_server_is_an_error_not_a_panic() {
        // Bind a port, then free it: nothing listens there any more.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}/flags", listener.local_addr().unwrap());
        drop(listener);
        let dest = std::env::temp_dir(); // nothing is saved: no flag comes
        let run = download_many(&base, &dest, &["BR", "IN"], 2);
        let deadline = Duration::from_secs(30);
        let result = tokio::time::timeout(deadline, run).await;
        let result = result.expect("done within 30 s");
        let error = result.expect_err("no server, no flags").to_string();
        assert!(error.contains("error sending request"), "{error}");
    }
}
