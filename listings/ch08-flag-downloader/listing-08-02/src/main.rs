//! The threaded flag downloader: one scoped thread per flag, each making a
//! blocking request, so every request waits at the same time. Run without
//! arguments, it starts the demo flag server in the background and saves
//! into a temporary directory; give it a base URL to use your own server.

use std::error::Error;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use flag_server::{DEMO_CODES, Demo};
use reqwest::blocking::Client;

/// Any error, which may cross from one thread to another.
type BoxError = Box<dyn Error + Send + Sync>;

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

/// Fetches and saves one flag, then prints its code: the body of Listing
/// 8-1's loop.
fn download_one(
    client: &Client,
    base: &str,
    dest: &Path,
    cc: &str,
) -> Result<(), BoxError> {
    let image = get_flag(client, base, cc)?;
    save_flag(dest, cc, &image)?;
    let mut out = io::stdout();
    write!(out, "{cc} ")?; // where print! would panic, an error
    Ok(out.flush()?)
}

// ANCHOR: download_many
/// Downloads every flag on a thread of its own, so the codes come out in
/// the order the server answers.
fn download_many(
    base: &str,
    dest: &Path,
    codes: &[&str],
) -> Result<usize, BoxError> {
    let client = &Client::new(); // one connection pool, shared by reference
    std::thread::scope(|scope| {
        let threads: Vec<_> = codes
            .iter()
            .map(|cc| scope.spawn(move || download_one(client, base, dest, cc)))
            .collect();
        for thread in threads {
            thread.join().expect("no panic")?; // the first error, if any
        }
        writeln!(io::stdout())?;
        Ok(codes.len())
    }) // every thread has finished here
}
// ANCHOR_END: download_many

/// Runs the downloader; an error ends it with status 1, except that a
/// reader who has gone away (`listing-08-02 | head -1`) ends it quietly.
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

fn run() -> Result<(), BoxError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fetches_all_flags_at_once() {
        let demo = Demo::start().unwrap();
        let base = demo.base_url().to_string();
        let dest = demo.dest().to_path_buf();
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let count = download_many(&base, &dest, &DEMO_CODES).unwrap();
            done.send(count).unwrap();
        });
        let deadline = Duration::from_secs(30);
        finished.recv_timeout(deadline).expect("done within 30 s");
        // What is on disk, byte for byte, not what the function says.
        demo.assert_saved(&DEMO_CODES);
        assert!(demo.stats().max_in_flight() > 1, "requests overlapped");
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
