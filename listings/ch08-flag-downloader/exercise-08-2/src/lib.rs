//! Exercise 8-2: a deadline for the whole run. `download_many` stops when
//! its cancel future completes, whatever that future is: Ctrl-C in `flags`,
//! a timer here.

use std::time::Duration;

use indicatif::ProgressBar;
use listing_08_05::{Downloader, Summary, download_many};

// ANCHOR: solution
/// Downloads `codes` until all are done or `deadline` has passed, whichever
/// comes first; downloads still running at the deadline are cancelled.
pub async fn download_until(
    downloader: &Downloader,
    codes: Vec<String>,
    concurrency: usize,
    deadline: Duration,
) -> Summary {
    let progress = ProgressBar::hidden();
    let timer = tokio::time::sleep(deadline);
    download_many(downloader, codes, concurrency, &progress, timer).await
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests {
    use super::*;
    use flag_server::{Background, Config, Delay};
    use std::collections::HashMap;
    use std::sync::Arc;

    #[tokio::test]
    async fn slow_downloads_are_cancelled_at_the_deadline() {
        // Three quick flags and two that take a minute.
        let delays: HashMap<String, Duration> = [
            ("BR", 50),
            ("FR", 50),
            ("IN", 50),
            ("JP", 60_000),
            ("MX", 60_000),
        ]
        .into_iter()
        .map(|(cc, ms)| (cc.to_string(), Duration::from_millis(ms)))
        .collect();
        let config = Config::delay(Delay::PerCode(Arc::new(delays)));
        let server = Background::start(config).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let url = format!("{}/flags", server.url());
        let timeout = Duration::from_secs(120);
        let downloader =
            Downloader::new(&url, dest.path(), timeout, false).unwrap();

        let codes = ["BR", "FR", "IN", "JP", "MX"].map(String::from).to_vec();
        // Three seconds: the quick flags are in well before, even on a busy
        // machine, and the slow ones far after.
        let run = download_until(&downloader, codes, 5, Duration::from_secs(3));
        let deadline = Duration::from_secs(15);
        let summary = tokio::time::timeout(deadline, run)
            .await
            .expect("stopped within 15 s of a 3 s deadline");
        assert_eq!(summary.downloaded, 3);
        assert_eq!(summary.cancelled, 2);
        let mut saved: Vec<String> = std::fs::read_dir(dest.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        saved.sort();
        assert_eq!(saved, ["br.gif", "fr.gif", "in.gif"], "no partial files");
    }
}
