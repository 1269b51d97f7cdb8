//! The threaded flag downloader: one scoped thread per flag, each making a
//! blocking request, so every request waits at the same time. Run without
//! arguments, it starts the demo flag server in the background and saves
//! into a temporary directory; give it a base URL to use your own server.

use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

use flag_server::{DEMO_CODES, Demo};
use reqwest::blocking::Client;

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

// ANCHOR: download_many
/// Downloads every flag on a thread of its own and prints each code as its
/// flag arrives, so the codes come out in the order the server answers.
fn download_many(base: &str, dest: &Path, codes: &[&str]) -> usize {
    let client = Client::new(); // a handle to one shared connection pool
    std::thread::scope(|scope| {
        for cc in codes {
            let client = &client;
            scope.spawn(move || {
                let image = get_flag(client, base, cc).expect("a flag");
                save_flag(dest, cc, &image).expect("a saved file");
                print!("{cc} ");
                io::stdout().flush().expect("stdout is open");
            });
        }
    }); // the scope waits here for every thread it started
    println!();
    codes.len()
}
// ANCHOR_END: download_many

fn main() -> io::Result<()> {
    let demo; // lives to the end of main, when it stops the server
    let (base, dest) = match std::env::args().nth(1) {
        Some(base) => (base, Path::new("downloads")),
        None => {
            demo = Demo::start()?; // the server and a temporary directory
            (demo.base_url().to_string(), demo.dest())
        }
    };
    std::fs::create_dir_all(dest)?;

    let start = Instant::now();
    let count = download_many(&base, dest, &DEMO_CODES);
    println!("{count} flags downloaded in {:.2?}", start.elapsed());
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
            done.send(download_many(&base, &dest, &DEMO_CODES)).unwrap();
        });
        let deadline = Duration::from_secs(30);
        finished.recv_timeout(deadline).expect("done within 30 s");
        // What is on disk, byte for byte, not what the function says.
        demo.assert_saved(&DEMO_CODES);
        assert!(demo.stats().max_in_flight() > 1, "requests overlapped");
    }
}
