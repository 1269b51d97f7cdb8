//! A guard of our own, the one `tempfile::NamedTempFile` is: a file that
//! deletes itself when dropped, unless it was persisted under its real
//! name first. Whatever ends the function that owns it, a return, an
//! error passed up by `?`, or the future being dropped, the guard's `Drop`
//! runs.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::io::AsyncWriteExt;

// ANCHOR: guard
/// A file at `path` that is removed when dropped, unless persisted.
struct TempFile {
    file: tokio::fs::File,
    path: PathBuf,
    persisted: bool,
}

impl TempFile {
    async fn create(path: PathBuf) -> io::Result<TempFile> {
        let file = tokio::fs::File::create(&path).await?;
        Ok(TempFile {
            file,
            path,
            persisted: false,
        })
    }

    /// Gives the file its real name; from now on, dropping keeps it.
    async fn persist(mut self, to: &Path) -> io::Result<()> {
        self.file.flush().await?;
        tokio::fs::rename(&self.path, to).await?;
        self.persisted = true;
        Ok(())
    }
}

// ANCHOR_END: guard

// ANCHOR: drop
impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            // Synchronous, as all of Drop is: no .await here.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
// ANCHOR_END: drop

// ANCHOR: save
/// Writes `parts` to `dir/name`, through `dir/name.tmp`.
async fn save(dir: &Path, name: &str, parts: &[&str]) -> io::Result<()> {
    let mut temp = TempFile::create(dir.join(format!("{name}.tmp"))).await?;
    for part in parts {
        if part.is_empty() {
            return Err(io::Error::other("an empty part")); // temp dropped
        }
        if *part == "slow" {
            // A slow source: the caller's timeout drops us while we wait.
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
        temp.file.write_all(part.as_bytes()).await?;
    }
    temp.persist(&dir.join(name)).await
}
// ANCHOR_END: save

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let dir = dir.path().to_owned();
    let ok = save(&dir, "ok.txt", &["a", "b"]).await;
    println!("ok:        {}, files: {:?}", outcome(ok), files(&dir)?);
    let failed = save(&dir, "failed.txt", &["a", ""]).await;
    println!("failed:    {}, files: {:?}", outcome(failed), files(&dir)?);

    let slow_dir = dir.clone();
    let slow = tokio::spawn(async move {
        save(&slow_dir, "slow.txt", &["a", "slow"]).await
    });
    wait_for(&dir.join("slow.txt.tmp")).await?;
    println!("slow:      still running, files: {:?}", files(&dir)?);
    slow.abort();
    let cancelled = slow.await.is_err_and(|error| error.is_cancelled());
    println!("cancelled: {cancelled}, files: {:?}", files(&dir)?);
    Ok(())
}
// ANCHOR_END: main

fn outcome(result: io::Result<()>) -> String {
    match result {
        Ok(()) => "saved".into(),
        Err(error) => format!("error: {error}"),
    }
}

/// Waits until `path` exists, for five seconds at most.
async fn wait_for(path: &Path) -> io::Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !tokio::fs::try_exists(path).await? {
        if tokio::time::Instant::now() > deadline {
            return Err(io::Error::other(format!("no {}", path.display())));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok(())
}

/// The names in `dir`, sorted.
fn files(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_save_that_works_leaves_only_the_file() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), "ok.txt", &["a", "b"]).await.unwrap();
        assert_eq!(files(dir.path()).unwrap(), ["ok.txt"]);
        let saved = std::fs::read_to_string(dir.path().join("ok.txt"));
        assert_eq!(saved.unwrap(), "ab");
    }

    #[tokio::test]
    async fn a_failed_save_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let failed = save(dir.path(), "bad.txt", &["a", ""]).await;
        assert!(failed.is_err());
        assert!(files(dir.path()).unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_cancelled_save_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let slow = save(dir.path(), "slow.txt", &["a", "slow"]);
        let limit = Duration::from_millis(100);
        assert!(tokio::time::timeout(limit, slow).await.is_err());
        assert!(files(dir.path()).unwrap().is_empty());
    }

    /// Rust does not promise that `Drop` runs: a value that is forgotten
    /// (or leaked in a reference cycle, or alive at `process::exit`) is
    /// never dropped, and its temporary file stays.
    #[tokio::test]
    async fn a_forgotten_guard_leaves_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let temp = TempFile::create(dir.path().join("x.tmp")).await.unwrap();
        std::mem::forget(temp);
        assert_eq!(files(dir.path()).unwrap(), ["x.tmp"]);
    }
}
