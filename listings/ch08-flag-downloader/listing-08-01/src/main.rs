//! The sequential flag downloader: fetch one flag, save it, then the next,
//! with reqwest's blocking client. Run without arguments, it starts the demo
//! flag server in the background and saves into a temporary directory; give
//! it a base URL (`http://127.0.0.1:8001/flags`) to use a server of your own,
//! and it saves into `downloads/`.

use std::error::Error;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use flag_server::{DEMO_CODES, Demo};
use reqwest::blocking::Client;

// ANCHOR: get_flag
/// Fetches one flag: `{base}/br/br.gif` for `BR`.
fn get_flag(client: &Client, base: &str, cc: &str) -> reqwest::Result<Vec<u8>> {
    let cc = cc.to_lowercase();
    let url = format!("{base}/{cc}/{cc}.gif");
    let response = client.get(url).send()?.error_for_status()?;
    Ok(response.bytes()?.to_vec())
}

fn save_flag(dest: &Path, cc: &str, image: &[u8]) -> io::Result<()> {
    std::fs::write(dest.join(format!("{}.gif", cc.to_lowercase())), image)
}
// ANCHOR_END: get_flag

// ANCHOR: download_many
/// Downloads the flags one after another, in alphabetical order, and
/// prints each code as its flag arrives. The first error ends the run.
fn download_many(
    base: &str,
    dest: &Path,
    codes: &[&str],
) -> Result<usize, Box<dyn Error>> {
    let client = Client::new();
    let mut codes = codes.to_vec();
    codes.sort();
    let mut out = io::stdout();
    for cc in &codes {
        let image = get_flag(&client, base, cc)?;
        save_flag(dest, cc, &image)?;
        write!(out, "{cc} ")?; // where print! would panic, an error
        out.flush()?; // show it now
    }
    writeln!(out)?;
    Ok(codes.len())
}
// ANCHOR_END: download_many

/// Runs the downloader; an error ends it with status 1, except that a
/// reader who has gone away (`listing-08-01 | head -1`) ends it quietly.
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
fn run() -> Result<(), Box<dyn Error>> {
    let demo; // lives to the end of run, when it stops the server
    let (base, dest) = match std::env::args().nth(1) {
        Some(base) => (base, Path::new("downloads")),
        None => {
            demo = Demo::start()?; // the server and a temporary directory
            (demo.base_url().to_string(), demo.dest())
        }
    };
    std::fs::create_dir_all(dest)?;

    let start = Instant::now();
    let count = download_many(&base, dest, &DEMO_CODES)?;
    let elapsed = start.elapsed();
    writeln!(io::stdout(), "{count} flags downloaded in {elapsed:.2?}")?;
    Ok(())
}
// ANCHOR_END: run

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn saves_every_flag_one_request_at_a_time() {
        let demo = Demo::start().unwrap();
        let base = demo.base_url().to_string();
        let dest = demo.dest().to_path_buf();
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let count = download_many(&base, &dest, &["BR", "IN"]).unwrap();
            done.send(count).unwrap();
        });
        let deadline = Duration::from_secs(30);
        finished.recv_timeout(deadline).expect("done within 30 s");
        // What is on disk, byte for byte, not what the function says.
        demo.assert_saved(&["BR", "IN"]);
        assert_eq!(demo.stats().max_in_flight(), 1, "one request at a time");
    }

    #[test]
    fn an_unreachable_server_is_an_error_not_a_panic() {
        // Bind a port, then free it: nothing listens there any more.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}/flags", listener.local_addr().unwrap());
        drop(listener);
        let dest = std::env::temp_dir(); // nothing is saved: no flag comes
        let result = download_many(&base, &dest, &["BR", "IN"]);
        let error = result.expect_err("no server, no flags").to_string();
        assert!(error.contains("error sending request"), "{error}");
    }
}
