//! The benchmark of chapter 8, run by `ci/bench-flags.sh` against a DELAY
//! server in another process, so that the CPU time measured here is the
//! downloader's alone. Each run of this program makes one measurement and
//! prints it as one line, which the script collects; the script runs it
//! again and again, taking turns with the asyncio client of
//! `python/flags_bench.py`, which makes the same measurement the same way.
//!
//! 1. `-m M`: the downloader fetches all 194 flags with at most M requests
//!    at once. The clock and the CPU time cover everything one download of
//!    the set costs: making the temporary directory and the HTTP client,
//!    the downloads and saves, dropping the client and removing the
//!    directory with its files. Starting the runtime is not timed (nor is
//!    starting the Python client's event loop).
//! 2. `--connections N`: the server holds N requests at once, each for one
//!    delay; a server that keeps up answers them all in about one delay.

use std::future::pending;
use std::time::{Duration, Instant};

use clap::Parser;
use indicatif::ProgressBar;
use listing_08_05::{Downloader, download_many};
use tokio::task::JoinSet;

/// Times the flags downloader or the flag server's DELAY mode, once.
#[derive(Parser, Debug)]
struct Args {
    /// The DELAY server's base URL
    #[arg(long, default_value = "http://127.0.0.1:8001/flags")]
    server_url: String,
    /// Download every flag once, with at most this many requests at once
    #[arg(short = 'm', long, conflicts_with = "connections")]
    concurrency: Option<usize>,
    /// Instead, hold this many requests open at once against the server
    #[arg(long, required_unless_present = "concurrency")]
    connections: Option<usize>,
}

// ANCHOR: cpu_time
/// The CPU time this process has used so far, user and system, on every
/// thread: what `time` prints as user + sys.
fn cpu_time() -> Duration {
    // SAFETY: an all-zero rusage is a valid value of this plain C struct,
    // and getrusage only writes through the pointer we give it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage(RUSAGE_SELF) cannot fail");
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64)
            + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}
// ANCHOR_END: cpu_time

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let codes: Vec<String> = flag_server::COUNTRIES
        .iter()
        .map(|c| c.iso_cc.to_string())
        .collect();
    match (args.concurrency, args.connections) {
        (Some(m), _) => download(&args.server_url, codes, m).await,
        (None, Some(connections)) => {
            server_load(&args.server_url, &codes, connections).await
        }
        (None, None) => unreachable!("clap requires one of the two"),
    }
}

/// Downloads every flag once with at most `m` requests at once and prints
/// `download m=M flags=N wall_s=W cpu_ms_per_flag=C`.
async fn download(
    server_url: &str,
    codes: Vec<String>,
    m: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let n = codes.len();
    let (cpu0, start) = (cpu_time(), Instant::now());
    let dest = tempfile::tempdir()?;
    let downloader = Downloader::new(
        server_url,
        dest.path(),
        Duration::from_secs(60),
        false,
    )?;
    let summary =
        download_many(&downloader, codes, m, &ProgressBar::hidden(), pending())
            .await;
    drop(downloader);
    dest.close()?;
    let (wall, cpu) = (start.elapsed(), cpu_time() - cpu0);
    if summary.downloaded != n {
        return Err(format!("-m {m}: {summary:?}").into());
    }
    println!(
        "download m={m} flags={n} wall_s={:.4} cpu_ms_per_flag={:.4}",
        wall.as_secs_f64(),
        cpu.as_secs_f64() * 1000.0 / n as f64,
    );
    Ok(())
}

/// Holds `connections` requests open at once (the client's pool opens one
/// connection for each, since every one is busy for the whole delay) and
/// prints `server connections=N ok=K wall_s=W`.
async fn server_load(
    server_url: &str,
    codes: &[String],
    connections: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let start = Instant::now();
    let mut requests = JoinSet::new();
    for i in 0..connections {
        let cc = codes[i % codes.len()].to_lowercase();
        let url = format!("{server_url}/{cc}/metadata.json");
        let client = client.clone();
        requests.spawn(async move {
            client.get(url).send().await?.error_for_status()
        });
    }
    let mut ok = 0;
    while let Some(result) = requests.join_next().await {
        if result?.is_ok() {
            ok += 1;
        }
    }
    let wall = start.elapsed();
    println!(
        "server connections={connections} ok={ok} wall_s={:.4}",
        wall.as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_counts_work_done_and_not_time_asleep() {
        let before = cpu_time();
        std::thread::sleep(Duration::from_millis(200));
        let asleep = cpu_time() - before;
        assert!(asleep < Duration::from_millis(50), "asleep: {asleep:?}");
        // Spin until 50 ms of CPU time have been counted, with a deadline
        // in wall time, since other programs may share the cores.
        let (before, deadline) =
            (cpu_time(), Instant::now() + Duration::from_secs(30));
        let mut x = 0u64;
        while cpu_time() - before < Duration::from_millis(50) {
            assert!(Instant::now() < deadline, "work counted no CPU time");
            for _ in 0..10_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
    }

    #[test]
    fn one_of_the_two_measurements_must_be_asked_for() {
        let parse = |line: &str| Args::try_parse_from(line.split(' '));
        assert_eq!(parse("flags-bench -m 10").unwrap().concurrency, Some(10));
        assert_eq!(
            parse("flags-bench --connections 5").unwrap().connections,
            Some(5)
        );
        assert!(parse("flags-bench").is_err());
        assert!(parse("flags-bench -m 1 --connections 5").is_err());
    }
}
