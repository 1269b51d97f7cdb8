//! Exercise 8-1: a run that was interrupted (Ctrl-C, a dead network) can be
//! started again and fetch only what is missing. Because `flags` saves
//! through a temporary file and a rename, a flag file that exists is whole,
//! so its existence is proof enough.

use std::path::Path;

use indicatif::ProgressBar;
use listing_08_04::{Downloader, Summary, download_many};

// ANCHOR: solution
/// Downloads the flags of `codes` that are not yet in `dest`, at most
/// `concurrency` at a time. Returns how many were skipped, and the summary
/// of the downloads it did start.
pub async fn download_missing(
    downloader: &Downloader,
    dest: &Path,
    codes: Vec<String>,
    concurrency: usize,
) -> (usize, Summary) {
    let total = codes.len();
    let mut missing = Vec::new();
    for cc in codes {
        let file = dest.join(format!("{}.gif", cc.to_lowercase()));
        // An error (say, no permission to look) counts as missing: the
        // download will then report the real problem.
        if !tokio::fs::try_exists(&file).await.unwrap_or(false) {
            missing.push(cc);
        }
    }
    let skipped = total - missing.len();
    let progress = ProgressBar::hidden();
    let never = std::future::pending();
    let summary =
        download_many(downloader, missing, concurrency, &progress, never).await;
    (skipped, summary)
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests {
    use super::*;
    use flag_server::{Background, Config};
    use std::time::Duration;

    #[tokio::test]
    async fn fetches_only_the_missing_flags() {
        let server = Background::start(Config::local()).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let url = format!("{}/flags", server.url());
        let timeout = Duration::from_secs(10);
        let downloader =
            Downloader::new(&url, dest.path(), timeout, false).unwrap();
        std::fs::write(dest.path().join("br.gif"), b"saved before").unwrap();
        std::fs::write(dest.path().join("fr.gif"), b"saved before").unwrap();

        let codes = ["BR", "FR", "IN", "JP", "ZZ"].map(String::from).to_vec();
        let (skipped, summary) =
            download_missing(&downloader, dest.path(), codes.clone(), 4).await;
        assert_eq!(skipped, 2);
        assert_eq!((summary.downloaded, summary.not_found), (2, 1));
        assert_eq!(server.stats().requests(), 3, "no request for BR or FR");
        let br = std::fs::read(dest.path().join("br.gif")).unwrap();
        assert_eq!(br, b"saved before", "an existing file is left alone");

        // Run again: only ZZ, never saved because it is not found, is tried.
        let (skipped, summary) =
            download_missing(&downloader, dest.path(), codes, 4).await;
        assert_eq!((skipped, summary.not_found), (4, 1));
        assert_eq!(server.stats().requests(), 4);
    }
}
