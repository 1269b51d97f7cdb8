//! The benchmark of chapter 8, run by `ci/bench-flags.sh` against a DELAY
//! server in another process, so that the CPU time measured here is the
//! downloader's alone.
//!
//! 1. The downloader: all 194 flags at each concurrency limit `-m`, timed
//!    against the ideal, ceil(194 / m) × delay, with the CPU time per flag.
//! 2. The server: thousands of requests at once, each held for one delay;
//!    a server that keeps up answers them all in about one delay.

use std::future::pending;
use std::time::{Duration, Instant};

use clap::Parser;
use indicatif::ProgressBar;
use listing_08_05::{Downloader, download_many};
use tokio::task::JoinSet;

/// Times the flags downloader and the flag server's DELAY mode.
#[derive(Parser, Debug)]
struct Args {
    /// The DELAY server's base URL
    #[arg(long, default_value = "http://127.0.0.1:8001/flags")]
    server_url: String,
    /// The server's fixed delay in seconds (for the ideal time)
    #[arg(long, default_value_t = 0.5)]
    delay: f64,
    /// The concurrency limits to time
    #[arg(
        short = 'm',
        long,
        value_delimiter = ',',
        default_value = "1,10,100,1000"
    )]
    concurrency: Vec<usize>,
    /// How many requests to hold open at once against the server
    #[arg(long, default_value_t = 2000)]
    connections: usize,
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
    let delay = Duration::from_secs_f64(args.delay);
    let codes: Vec<String> = flag_server::COUNTRIES
        .iter()
        .map(|c| c.iso_cc.to_string())
        .collect();
    let n = codes.len();

    println!("Downloader: {n} flags from {}", args.server_url);
    println!();
    println!(
        "|   -m | wall (s) | ideal (s) | wall / ideal | CPU per flag (ms) |"
    );
    println!(
        "|-----:|---------:|----------:|-------------:|------------------:|"
    );
    for &m in &args.concurrency {
        let dest = tempfile::tempdir()?;
        let timeout = Duration::from_secs(60);
        let downloader =
            Downloader::new(&args.server_url, dest.path(), timeout, false)?;
        let progress = ProgressBar::hidden();
        let (cpu0, start) = (cpu_time(), Instant::now());
        let summary =
            download_many(&downloader, codes.clone(), m, &progress, pending())
                .await;
        let (wall, cpu) = (start.elapsed(), cpu_time() - cpu0);
        if summary.downloaded != n {
            return Err(format!("-m {m}: {summary:?}").into());
        }
        let ideal = delay * n.div_ceil(m) as u32;
        println!(
            "| {m:>4} | {:>8.2} | {:>9.2} | {:>12.3} | {:>17.3} |",
            wall.as_secs_f64(),
            ideal.as_secs_f64(),
            wall.as_secs_f64() / ideal.as_secs_f64(),
            cpu.as_secs_f64() * 1000.0 / n as f64,
        );
    }

    if args.connections > 0 {
        server_load(&args, &codes, delay).await?;
    }
    Ok(())
}

/// Holds `connections` requests open at once: the client's pool opens one
/// connection for each, since every one is busy for the whole delay.
async fn server_load(
    args: &Args,
    codes: &[String],
    delay: Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let start = Instant::now();
    let mut requests = JoinSet::new();
    for i in 0..args.connections {
        let cc = codes[i % codes.len()].to_lowercase();
        let url = format!("{}/{cc}/metadata.json", args.server_url);
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
    println!();
    println!(
        "Server: {} concurrent requests, {ok} answered 200 OK in {:.2} s, {:.2} × the {:.1} s delay",
        args.connections,
        wall.as_secs_f64(),
        wall.as_secs_f64() / delay.as_secs_f64(),
        delay.as_secs_f64(),
    );
    Ok(())
}
