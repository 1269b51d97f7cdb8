//! The engine of the `flags` downloader: fetch one flag (optionally after
//! its metadata), save it without blocking the runtime and without leaving a
//! partial file, and run many downloads at once under a semaphore, counting
//! every outcome, until they finish or a cancel signal arrives.

use std::future::Future;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use indicatif::ProgressBar;
use reqwest::{Client, StatusCode};
use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinSet};

/// Why one flag could not be downloaded.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// The server answered, with a status that is neither 200 nor 404.
    #[error("HTTP {0}")]
    Status(StatusCode),
    /// Connected, but no complete answer within the client's timeout.
    #[error("timed out")]
    Timeout,
    /// No connection to the server: refused, or no reply in time.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// Any other failure of the request, such as a dropped connection.
    #[error("request failed: {0}")]
    Request(String),
    /// `metadata.json` was not what we expected.
    #[error("bad metadata: {0}")]
    Metadata(#[from] serde_json::Error),
    /// The file could not be written.
    #[error("cannot save: {0}")]
    Save(#[from] io::Error),
}

impl From<reqwest::Error> for DownloadError {
    fn from(error: reqwest::Error) -> DownloadError {
        // reqwest's message names the URL; the innermost cause says why.
        let mut cause: &dyn std::error::Error = &error;
        while let Some(source) = cause.source() {
            cause = source;
        }
        // A connection attempt that times out is both: it is a connect
        // error first, since the server was never reached.
        if error.is_connect() {
            DownloadError::Connect(cause.to_string())
        } else if error.is_timeout() {
            DownloadError::Timeout
        } else {
            DownloadError::Request(cause.to_string())
        }
    }
}

/// The body of `metadata.json`.
#[derive(Debug, serde::Deserialize)]
struct Metadata {
    country: String,
}

/// A flag that has arrived and is still to be saved.
#[derive(Debug)]
pub struct Flag {
    /// `br.gif`, or `BR-Brazil.gif` when the downloader fetches names.
    pub file_name: String,
    /// The GIF, as the server sent it.
    pub bytes: Vec<u8>,
}

/// What a download needs; cheap to clone, one clone per task.
#[derive(Debug, Clone)]
pub struct Downloader {
    /// Shared by every clone: one pool of connections to the server.
    client: Client,
    /// The flags' base URL, such as `http://127.0.0.1:8000/flags`.
    base_url: String,
    /// Where the flags are saved; must exist.
    dest: PathBuf,
    /// Fetch `metadata.json` first and name files `BR-Brazil.gif`.
    names: bool,
}

impl Downloader {
    /// A downloader whose every request gives up after `timeout`, and every
    /// connection attempt after half of it: a server that cannot be reached
    /// is then told apart from one that is slow to answer.
    pub fn new(
        base_url: &str,
        dest: &Path,
        timeout: Duration,
        names: bool,
    ) -> Result<Downloader, DownloadError> {
        let client = Client::builder()
            .connect_timeout(timeout / 2)
            .timeout(timeout)
            .build()?;
        Ok(Downloader {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            dest: dest.to_path_buf(),
            names,
        })
    }

    /// The directory the flags are saved in.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Whether `file_name` is the flag of `cc` as this downloader names its
    /// files: `br.gif`, or `BR-` and the country's name and `.gif`.
    pub fn is_flag_of(&self, cc: &str, file_name: &str) -> bool {
        if self.names {
            let prefix = format!("{}-", cc.to_uppercase());
            file_name.starts_with(&prefix) && file_name.ends_with(".gif")
        } else {
            file_name == format!("{}.gif", cc.to_lowercase())
        }
    }

    // ANCHOR: get
    /// GETs `url`: the body for 200, `None` for 404, an error otherwise.
    async fn get(&self, url: &str) -> Result<Option<Vec<u8>>, DownloadError> {
        let response = self.client.get(url).send().await?;
        match response.status() {
            StatusCode::OK => Ok(Some(response.bytes().await?.to_vec())),
            StatusCode::NOT_FOUND => Ok(None),
            status => Err(DownloadError::Status(status)),
        }
    }
    // ANCHOR_END: get

    // ANCHOR: fetch
    /// Fetches the flag of `cc`, or `None` if the server has none, awaiting
    /// twice in a row when it needs the country's name first.
    pub async fn fetch(&self, cc: &str) -> Result<Option<Flag>, DownloadError> {
        let cc = cc.to_lowercase();
        let base = &self.base_url;
        let file_name = if self.names {
            let url = format!("{base}/{cc}/metadata.json");
            let Some(json) = self.get(&url).await? else {
                return Ok(None);
            };
            let metadata: Metadata = serde_json::from_slice(&json)?;
            let country = metadata.country.replace(['/', '\\'], "_");
            format!("{}-{country}.gif", cc.to_uppercase())
        } else {
            format!("{cc}.gif")
        };
        let url = format!("{base}/{cc}/{cc}.gif");
        let Some(bytes) = self.get(&url).await? else {
            return Ok(None);
        };
        Ok(Some(Flag { file_name, bytes }))
    }
    // ANCHOR_END: fetch
}

// ANCHOR: save
/// Writes `flag` into `dir` through a temporary file in the same directory,
/// flushed to the disk and only then renamed to its real name. If anything
/// fails, the temporary file is deleted when dropped. Blocking: it runs on
/// Tokio's blocking pool.
fn save(dir: &Path, flag: &Flag) -> io::Result<()> {
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(&flag.bytes)?;
    file.as_file().sync_all()?; // the bytes reach the disk before the name
    file.persist(dir.join(&flag.file_name))?; // an atomic rename
    Ok(())
}
// ANCHOR_END: save

/// What a fetch task hands back: the code, and the flag or why there is none.
type Fetched = (String, Result<Option<Flag>, DownloadError>);

/// Every outcome of a run.
#[derive(Debug, Default)]
pub struct Summary {
    /// Flags saved, each a complete file in the destination.
    pub downloaded: usize,
    pub not_found: usize,
    /// The codes that failed, with why.
    pub errors: Vec<(String, DownloadError)>,
    /// Downloads stopped by the cancel signal before they had an answer.
    pub cancelled: usize,
    /// Whether the cancel signal came before the end of the run.
    pub interrupted: bool,
}

impl Summary {
    /// How many codes have an outcome so far.
    pub fn finished(&self) -> usize {
        self.downloaded + self.not_found + self.errors.len() + self.cancelled
    }

    /// True when no request had an answer: every one of them failed to
    /// connect or timed out.
    pub fn no_answer(&self) -> bool {
        self.downloaded + self.not_found == 0
            && !self.errors.is_empty()
            && self.errors.iter().all(|(_, e)| {
                matches!(e, DownloadError::Connect(_) | DownloadError::Timeout)
            })
    }

    // ANCHOR: fetched
    /// Counts a finished fetch task; returns its flag if there is one to save.
    fn fetched(
        &mut self,
        joined: Result<Fetched, JoinError>,
    ) -> Option<(String, Flag)> {
        match joined {
            Ok((cc, Ok(Some(flag)))) => return Some((cc, flag)),
            Ok((_, Ok(None))) => self.not_found += 1,
            Ok((cc, Err(error))) => self.errors.push((cc, error)),
            // Aborted before its answer came: nothing was saved.
            Err(error) if error.is_cancelled() => self.cancelled += 1,
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
        None
    }
    // ANCHOR_END: fetched

    /// Counts a finished save.
    fn saved(&mut self, joined: Result<(String, io::Result<()>), JoinError>) {
        match joined {
            Ok((_, Ok(()))) => self.downloaded += 1,
            Ok((cc, Err(error))) => self.errors.push((cc, error.into())),
            // Saves are never aborted, so this is a panic.
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }
}

// ANCHOR: download_many
/// Downloads every code, at most `concurrency` at a time, and returns the
/// counts once every download has finished or `cancel` has completed.
pub async fn download_many(
    downloader: &Downloader,
    codes: Vec<String>,
    concurrency: usize,
    progress: &ProgressBar,
    cancel: impl Future<Output = ()>,
) -> Summary {
    let semaphore = Arc::new(Semaphore::new(concurrency));
    let mut fetches = JoinSet::new();
    for cc in codes {
        let (downloader, semaphore) = (downloader.clone(), semaphore.clone());
        fetches.spawn(async move {
            // Wait for a permit; it goes back when `_permit` is dropped.
            let _permit = semaphore.acquire().await.expect("never closed");
            let result = downloader.fetch(&cc).await;
            (cc, result)
        });
    }
    // ANCHOR_END: download_many
    // ANCHOR: collect
    let (mut summary, mut saves) = (Summary::default(), JoinSet::new());
    tokio::pin!(cancel);
    while !fetches.is_empty() || !saves.is_empty() {
        tokio::select! {
            Some(joined) = fetches.join_next() => {
                if let Some((cc, flag)) = summary.fetched(joined) {
                    let dest = downloader.dest.clone();
                    saves.spawn_blocking(move || (cc, save(&dest, &flag)));
                }
            }
            Some(joined) = saves.join_next() => summary.saved(joined),
            () = &mut cancel, if !summary.interrupted => {
                summary.interrupted = true;
                fetches.abort_all(); // never the saves: they run to the end
            }
        }
        progress.set_position(summary.finished() as u64);
    }
    summary
}
// ANCHOR_END: collect

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn after_the_signal_a_finished_fetch_counts_by_its_result() {
        let mut summary = Summary {
            interrupted: true,
            ..Summary::default()
        };
        let flag = Flag {
            file_name: "br.gif".to_string(),
            bytes: vec![1, 2, 3],
        };
        let to_save = summary.fetched(Ok(("BR".to_string(), Ok(Some(flag)))));
        assert_eq!(to_save.map(|(cc, _)| cc).as_deref(), Some("BR"));
        assert!(summary.fetched(Ok(("XX".to_string(), Ok(None)))).is_none());

        // Only a task that was really aborted counts as cancelled.
        let task = tokio::spawn(std::future::pending::<Fetched>());
        task.abort();
        let aborted = task.await.expect_err("aborted");
        assert!(summary.fetched(Err(aborted)).is_none());
        assert_eq!((summary.not_found, summary.cancelled), (1, 1));
        assert_eq!(summary.finished(), 2, "the flag counts once saved");
    }
}
