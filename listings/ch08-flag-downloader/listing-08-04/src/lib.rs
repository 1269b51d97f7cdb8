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
use tokio::task::JoinSet;

/// Why one flag could not be downloaded.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// The server answered, with a status that is neither 200 nor 404.
    #[error("HTTP {0}")]
    Status(StatusCode),
    /// No answer within the client's timeout.
    #[error("timed out")]
    Timeout,
    /// No connection to the server at all.
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
        if error.is_timeout() {
            DownloadError::Timeout
        } else if error.is_connect() {
            DownloadError::Connect(cause.to_string())
        } else {
            DownloadError::Request(cause.to_string())
        }
    }
}

/// How one download ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Downloaded,
    NotFound,
}

/// The body of `metadata.json`.
#[derive(Debug, serde::Deserialize)]
struct Metadata {
    country: String,
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
    /// A downloader whose every request gives up after `timeout`.
    pub fn new(
        base_url: &str,
        dest: &Path,
        timeout: Duration,
        names: bool,
    ) -> Result<Downloader, DownloadError> {
        let client = Client::builder().timeout(timeout).build()?;
        Ok(Downloader {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            dest: dest.to_path_buf(),
            names,
        })
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

    // ANCHOR: download_one
    /// Downloads the flag of `cc`, awaiting twice in a row when it needs
    /// the country's name first.
    pub async fn download_one(
        &self,
        cc: &str,
    ) -> Result<Status, DownloadError> {
        let cc = cc.to_lowercase();
        let base = &self.base_url;
        let file_name = if self.names {
            let url = format!("{base}/{cc}/metadata.json");
            let Some(json) = self.get(&url).await? else {
                return Ok(Status::NotFound);
            };
            let metadata: Metadata = serde_json::from_slice(&json)?;
            let country = metadata.country.replace(['/', '\\'], "_");
            format!("{}-{country}.gif", cc.to_uppercase())
        } else {
            format!("{cc}.gif")
        };
        let Some(image) = self.get(&format!("{base}/{cc}/{cc}.gif")).await?
        else {
            return Ok(Status::NotFound);
        };
        save(&self.dest, file_name, image).await?;
        Ok(Status::Downloaded)
    }
    // ANCHOR_END: download_one
}

// ANCHOR: save
/// Writes `bytes` to `dir/name` on Tokio's blocking pool, through a
/// temporary file in the same directory that is renamed into place only
/// when it is complete. If anything fails, the temporary file is deleted
/// when dropped, and `dir/name` never exists half-written.
async fn save(dir: &Path, name: String, bytes: Vec<u8>) -> io::Result<()> {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut file = tempfile::NamedTempFile::new_in(&dir)?;
        file.write_all(&bytes)?;
        file.persist(dir.join(name))?; // an atomic rename
        Ok(())
    })
    .await?
}
// ANCHOR_END: save

/// Every outcome of a run.
#[derive(Debug, Default)]
pub struct Summary {
    pub downloaded: usize,
    pub not_found: usize,
    /// The codes that failed, with why.
    pub errors: Vec<(String, DownloadError)>,
    /// Downloads that were stopped by the cancel signal.
    pub cancelled: usize,
}

impl Summary {
    fn record(&mut self, cc: String, result: Result<Status, DownloadError>) {
        match result {
            Ok(Status::Downloaded) => self.downloaded += 1,
            Ok(Status::NotFound) => self.not_found += 1,
            Err(error) => self.errors.push((cc, error)),
        }
    }

    /// True when no request reached the server: every one failed to connect.
    pub fn server_unreachable(&self) -> bool {
        self.downloaded + self.not_found == 0
            && !self.errors.is_empty()
            && self
                .errors
                .iter()
                .all(|(_, e)| matches!(e, DownloadError::Connect(_)))
    }
}

// ANCHOR: download_many
/// Downloads every code, at most `concurrency` at a time, and returns the
/// counts as soon as every download has finished or `cancel` completes.
pub async fn download_many(
    downloader: &Downloader,
    codes: Vec<String>,
    concurrency: usize,
    progress: &ProgressBar,
    cancel: impl Future<Output = ()>,
) -> Summary {
    let semaphore = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    for cc in codes {
        let (downloader, semaphore) = (downloader.clone(), semaphore.clone());
        tasks.spawn(async move {
            // Wait for a permit; it goes back when `_permit` is dropped.
            let _permit = semaphore.acquire().await.expect("never closed");
            let result = downloader.download_one(&cc).await;
            (cc, result)
        });
    }
    // ANCHOR_END: download_many
    // ANCHOR: collect
    let mut summary = Summary::default();
    tokio::pin!(cancel);
    loop {
        tokio::select! {
            joined = tasks.join_next() => match joined {
                Some(Ok((cc, result))) => {
                    summary.record(cc, result);
                    progress.inc(1);
                }
                Some(Err(error)) => std::panic::resume_unwind(error.into_panic()),
                None => break, // every task has finished
            },
            () = &mut cancel => {
                summary.cancelled = tasks.len();
                tasks.shutdown().await; // abort every task, wait until gone
                break;
            }
        }
    }
    summary
}
// ANCHOR_END: collect
