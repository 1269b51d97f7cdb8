//! The benchmark's Python peers (in `python/`, in this crate's folder)
//! answer as ours do: the asyncio TCP server whenever `python3` is on the
//! PATH (it needs only the standard library), the FastAPI app when the
//! benchmark's virtual environment has been made (`ci/bench-mojifinder.sh`
//! makes it). Either test says why it skipped when it cannot run.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Client, get, ours_tcp, ours_web, url_query};
use mojifinder_load::QUERIES;

/// How long a peer may take to build its index and say where it listens.
const STARTING: Duration = Duration::from_secs(60);

/// Queries beyond the mix: case, hyphens and spaces around, nothing found,
/// a word that is not cut at its comma, a blank line.
const MORE: &[&str] = &[
    "  Cat-FACE  ",
    "LEFT-pointing magnifying",
    "white chess king",
    "xyzzy",
    "cat,face",
    "",
];

fn peers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

/// The virtual environment the benchmark makes, as `ci/bench-mojifinder.sh`
/// names it (`VENV` there, `MOJIFINDER_VENV` here, to use another).
fn venv_python() -> PathBuf {
    if let Some(venv) = std::env::var_os("MOJIFINDER_VENV") {
        return PathBuf::from(venv).join("bin/python");
    }
    let target = option_env!("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target")
        });
    target.join("mojifinder-venv/bin/python")
}

/// Whether `python` runs, with `import` working.
fn has(python: &Path, import: &str) -> bool {
    Command::new(python)
        .args(["-c", &format!("import {import}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Every named character's name, as `mojifinder-load names` writes them.
fn names_file() -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let mut out = std::io::BufWriter::new(file.as_file_mut());
    for c in char::MIN..=char::MAX {
        if let Some(name) = charindex::name(c) {
            writeln!(out, "{:04X}\t{name}", u32::from(c)).unwrap();
        }
    }
    out.flush().unwrap();
    drop(out);
    file
}

/// A peer process, killed when the test ends, however it ends.
struct Peer(Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `python script --port 0 --names FILE` and waits for the address
/// in its `Serving on` line.
fn start(python: &Path, script: &str, names: &Path) -> (Peer, SocketAddr) {
    let mut child = Command::new(python)
        .arg(peers().join(script))
        .args(["--port", "0", "--names"])
        .arg(names)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let peer = Peer(child);
    let (line_tx, line_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = line_tx.send(line);
    });
    let line = line_rx
        .recv_timeout(STARTING)
        .unwrap_or_else(|_| panic!("{script} did not start in {STARTING:?}"));
    let addr = line
        .split_whitespace()
        .find_map(|word| {
            let word = word.trim_start_matches("http://");
            word.trim_end_matches(['.', '/']).parse().ok()
        })
        .unwrap_or_else(|| panic!("{script} said {line:?}"));
    (peer, addr)
}

#[tokio::test]
async fn the_asyncio_peer_answers_as_listing_11_2_does() {
    let python = Path::new("python3");
    if !has(python, "asyncio") {
        eprintln!("skipped: no python3 on the PATH");
        return;
    }
    let names = names_file();
    let (_peer, addr) = start(python, "tcp_mojifinder.py", names.path());
    let mut theirs = Client::connect(addr).await;
    let mut ours = Client::connect(ours_tcp().await).await;
    for query in QUERIES.iter().chain(MORE) {
        let expected = ours.ask(query).await;
        let got = theirs.ask(query).await;
        assert!(
            got == expected,
            "{query:?}: asyncio said\n{}\nwhere ours said\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected)
        );
    }
}

#[tokio::test]
async fn the_fastapi_peer_answers_as_listing_11_3_does() {
    let python = venv_python();
    if !has(&python, "fastapi, uvicorn") {
        eprintln!(
            "skipped: no FastAPI and uvicorn in {} (ci/bench-mojifinder.sh \
             makes that virtual environment)",
            python.display()
        );
        return;
    }
    let names = names_file();
    let (_peer, addr) = start(&python, "web_mojifinder.py", names.path());
    let ours = ours_web().await;
    let targets = QUERIES
        .iter()
        .chain(&["xyzzy", "white chess king"])
        .map(|q| format!("/search?q={}", url_query(q)))
        .chain(["/search?q=chess&limit=3".to_string()]);
    for target in targets {
        let expected = get(ours, &target).await;
        assert_eq!(expected.status, "HTTP/1.1 200 OK", "{target}");
        assert_eq!(get(addr, &target).await, expected, "{target}");
    }
}
