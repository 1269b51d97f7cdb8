//! Exercise 8-1: a run that was interrupted (Ctrl-C, a dead network) can be
//! started again and fetch only what is missing. Because `flags` saves
//! through a temporary file and a rename, a flag file that exists is whole,
//! so its existence is proof enough.

use std::io;

use indicatif::ProgressBar;
use listing_08_05::{Downloader, Summary, download_many};

// ANCHOR: solution
/// Downloads the flags of `codes` that are not yet in the downloader's
/// directory, at most `concurrency` at a time. Returns how many were
/// skipped, and the summary of the downloads it did start.
pub async fn download_missing(
    downloader: &Downloader,
    codes: Vec<String>,
    concurrency: usize,
) -> io::Result<(usize, Summary)> {
    // The names of the files there now; temporary files never match.
    let mut present = Vec::new();
    let mut entries = tokio::fs::read_dir(downloader.dest()).await?;
    while let Some(entry) = entries.next_entry().await? {
        present.push(entry.file_name().to_string_lossy().into_owned());
    }
    let is_saved =
        |cc: &String| present.iter().any(|f| downloader.is_flag_of(cc, f));
    let (saved, missing): (Vec<_>, Vec<_>) =
        codes.into_iter().partition(is_saved);
    let progress = ProgressBar::hidden();
    let never = std::future::pending();
    let summary =
        download_many(downloader, missing, concurrency, &progress, never).await;
    Ok((saved.len(), summary))
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests {
    use super::*;
    use flag_server::{Background, Config};
    use std::path::Path;
    use std::time::Duration;

    /// `download_missing`, failing the test if it takes more than 30 s.
    async fn run(downloader: &Downloader, codes: &[&str]) -> (usize, Summary) {
        let codes = codes.iter().map(|cc| cc.to_string()).collect();
        let run = download_missing(downloader, codes, 4);
        let deadline = Duration::from_secs(30);
        let done = tokio::time::timeout(deadline, run).await;
        done.expect("done within 30 s")
            .expect("a readable directory")
    }

    fn downloader(server: &Background, dest: &Path, names: bool) -> Downloader {
        let url = format!("{}/flags", server.url());
        let timeout = Duration::from_secs(10);
        Downloader::new(&url, dest, timeout, names).unwrap()
    }

    #[tokio::test]
    async fn fetches_only_the_missing_flags() {
        let server = Background::start(Config::local()).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let downloader = downloader(&server, dest.path(), false);
        std::fs::write(dest.path().join("br.gif"), b"saved before").unwrap();
        std::fs::write(dest.path().join("fr.gif"), b"saved before").unwrap();

        let codes = ["BR", "FR", "IN", "JP", "ZZ"];
        let (skipped, summary) = run(&downloader, &codes).await;
        assert_eq!(skipped, 2);
        assert_eq!((summary.downloaded, summary.not_found), (2, 1));
        assert_eq!(server.stats().requests(), 3, "no request for BR or FR");
        let br = std::fs::read(dest.path().join("br.gif")).unwrap();
        assert_eq!(br, b"saved before", "an existing file is left alone");

        // Run again: only ZZ, never saved because it is not found, is tried.
        let (skipped, summary) = run(&downloader, &codes).await;
        assert_eq!((skipped, summary.not_found), (4, 1));
        assert_eq!(server.stats().requests(), 4);
    }

    #[tokio::test]
    async fn looks_for_the_files_the_downloader_writes() {
        let server = Background::start(Config::local()).unwrap();
        let dest = tempfile::tempdir().unwrap();
        let downloader = downloader(&server, dest.path(), true);
        // With names, BR's flag is BR-Brazil.gif; fr.gif is not FR's.
        std::fs::write(dest.path().join("BR-Brazil.gif"), b"saved").unwrap();
        std::fs::write(dest.path().join("fr.gif"), b"saved").unwrap();

        let (skipped, summary) = run(&downloader, &["BR", "FR", "ZZ"]).await;
        assert_eq!(skipped, 1, "only BR-Brazil.gif counts");
        assert_eq!((summary.downloaded, summary.not_found), (1, 1));
        assert!(dest.path().join("FR-France.gif").exists());
        // FR: metadata and flag; ZZ: metadata only, a 404.
        assert_eq!(server.stats().requests(), 3);
    }
}
