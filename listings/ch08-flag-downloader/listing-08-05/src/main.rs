//! `flags`: downloads flags of countries from a flag server, many at a time.
//! The command line follows the asyncio version's downloader:
//! `flags [-a | -e | -l N] [-m CONCURRENCY] [-s SERVER] [-v] [CC ...]`.

use std::future::Future;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser, ValueEnum};
use flag_server::{Background, COUNTRIES, Config, DEMO_CODES, Delay};
use indicatif::{ProgressBar, ProgressStyle};
use listing_08_05::{DownloadError, Downloader, Summary, download_many};
use reqwest::Url;

// ANCHOR: args
/// Downloads flags of countries from a flag server, many at a time.
#[derive(Parser, Debug)]
#[command(name = "flags", version)]
#[command(after_help = "Without -a, -e or CC, downloads the flags of the \
    ten most populous countries.\nStart local servers with: \
    cargo run -p flag-server")]
struct Args {
    /// Country codes, or one letter for all codes starting with it (B: BA-BZ)
    #[arg(value_name = "CC", value_parser = parse_cc)]
    codes: Vec<String>,
    /// Download all 194 flags
    #[arg(short, long, conflicts_with_all = ["every", "codes"])]
    all: bool,
    /// Try every code from AA to ZZ (676; most are not found)
    #[arg(short, long, conflicts_with = "codes")]
    every: bool,
    /// Fetch only the first N codes, in alphabetical order
    #[arg(short, long, value_name = "N")]
    #[arg(value_parser = clap::value_parser!(u32).range(1..))]
    limit: Option<u32>,
    /// The most requests in flight at once
    #[arg(short = 'm', long, value_name = "CONCURRENCY", default_value_t = 30)]
    #[arg(value_parser = clap::value_parser!(u32).range(1..=1000))]
    max_req: u32,
    // ANCHOR_END: args
    /// Which server
    #[arg(short, long, value_enum, ignore_case = true)]
    #[arg(default_value = "LOCAL")]
    server: Server,
    /// Use this base URL instead (http://127.0.0.1:9000/flags)
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    server_url: Option<Url>,
    /// Run the LOCAL, DELAY or ERROR server in this process, on a free port
    #[arg(long, conflicts_with = "server_url")]
    with_server: bool,
    /// Fetch metadata.json first; save flags as CC-Country.gif
    #[arg(short, long)]
    names: bool,
    /// Where to save the flags (created if missing)
    #[arg(short, long, value_name = "DIR", default_value = "downloads")]
    dest: PathBuf,
    /// Seconds to wait for each request
    #[arg(short, long, value_name = "SECS", default_value_t = 10.0)]
    #[arg(value_parser = parse_timeout)]
    timeout: f64,
    /// List every error, with its reason
    #[arg(short, long)]
    verbose: bool,
}

/// The servers of the asyncio version, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
enum Server {
    /// http://127.0.0.1:8000/flags, no delay
    Local,
    /// https://www.fluentpython.com/data/flags, on the internet
    Remote,
    /// http://127.0.0.1:8001/flags, 0.5 to 5 s per answer
    Delay,
    /// http://127.0.0.1:8002/flags, as DELAY with errors
    Error,
}

impl Server {
    fn base_url(self) -> &'static str {
        match self {
            Server::Local => "http://127.0.0.1:8000/flags",
            Server::Remote => "https://www.fluentpython.com/data/flags",
            Server::Delay => "http://127.0.0.1:8001/flags",
            Server::Error => "http://127.0.0.1:8002/flags",
        }
    }

    /// The configuration of an in-process server: the standalone server's,
    /// ten times faster (stalls still outlast any timeout).
    fn in_process_config(self) -> Config {
        let delay = Delay::Uniform {
            min: Duration::from_millis(50),
            max: Duration::from_millis(500),
        };
        match self {
            Server::Local | Server::Remote => Config::local(),
            Server::Delay => Config::delay(delay),
            Server::Error => Config::delay(delay).with_errors(0.25, 0.05),
        }
    }
}

fn parse_cc(s: &str) -> Result<String, String> {
    let ok = (1..=2).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphabetic());
    if ok {
        Ok(s.to_ascii_uppercase())
    } else {
        Err("expected a country code (two letters) or a single letter".into())
    }
}

/// An `http` or `https` URL with a host: anything else would make every
/// request fail.
fn parse_url(s: &str) -> Result<Url, String> {
    let example = "such as http://127.0.0.1:8000/flags";
    match Url::parse(s) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host().is_some() =>
        {
            Ok(url)
        }
        Ok(_) => Err(format!("expected an http:// or https:// URL, {example}")),
        Err(error) => Err(format!("{error}: expected a URL, {example}")),
    }
}

fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(secs),
        _ => Err("expected seconds, more than 0 and at most 3600".into()),
    }
}

// ANCHOR: codes
/// The codes to fetch, sorted, without duplicates, at most `limit`.
fn expand_codes(args: &Args) -> Vec<String> {
    let letters = || (b'A'..=b'Z').map(char::from);
    let mut codes: Vec<String> = if args.every {
        letters()
            .flat_map(|a| letters().map(move |b| format!("{a}{b}")))
            .collect()
    } else if args.all {
        COUNTRIES.iter().map(|c| c.iso_cc.to_string()).collect()
    } else if args.codes.is_empty() {
        DEMO_CODES.iter().map(|cc| cc.to_string()).collect()
    } else {
        let expand = |cc: &String| match cc.len() {
            1 => letters().map(|b| format!("{cc}{b}")).collect(),
            _ => vec![cc.clone()],
        };
        args.codes.iter().flat_map(expand).collect()
    };
    codes.sort();
    codes.dedup();
    codes.truncate(args.limit.map_or(usize::MAX, |n| n as usize));
    codes
}
// ANCHOR_END: codes

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    // ANCHOR: main_ctrl_c
    // First of all, so that no Ctrl-C is lost, even during the start.
    let cancel = match ctrl_c_cancels() {
        Ok(cancel) => cancel,
        Err(error) => {
            eprintln!("flags: cannot listen for Ctrl-C: {error}");
            return ExitCode::FAILURE;
        }
    };
    // ANCHOR_END: main_ctrl_c
    if args.server == Server::Remote && args.with_server {
        let message = "REMOTE is on the internet; --with-server needs \
                       LOCAL, DELAY or ERROR";
        Args::command()
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit();
    }
    if args.server == Server::Remote && !cfg!(feature = "remote") {
        eprintln!(
            "flags: -s REMOTE needs HTTPS, which this build leaves out; \
             rebuild with: cargo run -p listing-08-05 --features remote"
        );
        return ExitCode::FAILURE;
    }
    // Keep the in-process server, if any, alive until the end of main.
    let (_server, base_url, place) = if args.with_server {
        let server = match Background::start(args.server.in_process_config()) {
            Ok(server) => server,
            Err(error) => {
                eprintln!("flags: cannot start a server: {error}");
                return ExitCode::FAILURE;
            }
        };
        let url = format!("{}/flags", server.url());
        let place = format!("{} server in this process", server_name(&args));
        (Some(server), url, place)
    } else if let Some(url) = &args.server_url {
        (None, url.to_string(), format!("server at {url}"))
    } else {
        let url = args.server.base_url();
        let place = format!("{} server at {url}", server_name(&args));
        (None, url.to_string(), place)
    };
    match run(&args, &base_url, &place, cancel).await {
        Ok(code) => code,
        // Standard output is gone, as in `flags -a | head -1`.
        Err(error) => {
            eprintln!("flags: cannot write to standard output: {error}");
            ExitCode::FAILURE
        }
    }
}

/// LOCAL, REMOTE, DELAY or ERROR, as on the command line.
fn server_name(args: &Args) -> String {
    let name = args.server.to_possible_value().expect("not skipped");
    name.get_name().to_string()
}

// ANCHOR: ctrl_c
/// Listens for Ctrl-C from now on: the first press completes the future it
/// returns, and a second one ends the process at once.
fn ctrl_c_cancels() -> std::io::Result<impl Future<Output = ()>> {
    let mut presses = ctrl_c_presses()?;
    let (cancel, cancelled) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        presses.recv().await; // the first: stop cleanly
        let _ = cancel.send(());
        presses.recv().await; // the second: stop now
        eprintln!("flags: Ctrl-C again, exiting at once");
        std::process::exit(130);
    });
    Ok(async {
        // If the listener ends without a press, never cancel.
        if cancelled.await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}
// ANCHOR_END: ctrl_c

/// Every Ctrl-C from now on, in order. `tokio::signal::ctrl_c()` would
/// start listening only when first polled, and catch a single press.
#[cfg(unix)]
fn ctrl_c_presses() -> std::io::Result<tokio::signal::unix::Signal> {
    use tokio::signal::unix::{SignalKind, signal};
    signal(SignalKind::interrupt())
}

#[cfg(windows)]
fn ctrl_c_presses() -> std::io::Result<tokio::signal::windows::CtrlC> {
    tokio::signal::windows::ctrl_c()
}

/// Runs the downloads and prints the report; fails only if standard output
/// does, and returns the exit code otherwise.
async fn run(
    args: &Args,
    base_url: &str,
    place: &str,
    cancel: impl Future<Output = ()>,
) -> io::Result<ExitCode> {
    let codes = expand_codes(args);
    if let Err(error) = writable_dir(&args.dest).await {
        eprintln!("flags: cannot save in {}: {error}", args.dest.display());
        return Ok(ExitCode::FAILURE);
    }
    let timeout = Duration::from_secs_f64(args.timeout);
    let downloader =
        match Downloader::new(base_url, &args.dest, timeout, args.names) {
            Ok(downloader) => downloader,
            Err(error) => {
                eprintln!("flags: {error}");
                return Ok(ExitCode::FAILURE);
            }
        };
    let (first, last) = match (codes.first(), codes.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => unreachable!("there is always at least one code"),
    };
    let mut out = io::stdout();
    writeln!(out, "{place}")?;
    let plural = if codes.len() == 1 { "" } else { "s" };
    writeln!(
        out,
        "{} flag{plural} to fetch, {first} to {last}, at most {} at a time",
        codes.len(),
        args.max_req
    )?;

    // ANCHOR: run
    // Drawn on stderr, and only when stderr is a terminal: indicatif checks.
    let style = ProgressStyle::with_template("{bar:50} {pos}/{len} {elapsed}")
        .expect("a valid template");
    let progress = ProgressBar::new(codes.len() as u64).with_style(style);
    let start = Instant::now();
    let max = args.max_req as usize;
    let mut summary =
        download_many(&downloader, codes, max, &progress, cancel).await;
    let elapsed = start.elapsed();
    progress.finish_and_clear();
    // ANCHOR_END: run

    // ANCHOR: report
    if args.verbose {
        summary.errors.sort_by(|a, b| a.0.cmp(&b.0));
        for (cc, error) in &summary.errors {
            writeln!(out, "  {cc}: {error}")?;
        }
    }
    if summary.interrupted {
        writeln!(out, "Ctrl-C: {} downloads cancelled", summary.cancelled)?;
    }
    writeln!(
        out,
        "{} downloaded, {} not found, {} errors in {elapsed:.2?}",
        summary.downloaded,
        summary.not_found,
        summary.errors.len(),
    )?;
    Ok(exit_code(&summary, place, &args.dest))
}
// ANCHOR_END: report

// ANCHOR: exit_code
/// 130 after Ctrl-C; 1 if a flag could not be saved, or if no request had
/// an answer; 0 otherwise, even if the server answered with errors.
fn exit_code(summary: &Summary, place: &str, dest: &Path) -> ExitCode {
    let save_error =
        summary.errors.iter().find_map(|(cc, error)| match error {
            DownloadError::Save(error) => Some((cc, error)),
            _ => None,
        });
    if summary.interrupted {
        ExitCode::from(130) // the shell's code for SIGINT
    } else if let Some((cc, error)) = save_error {
        eprintln!("flags: cannot save {cc} in {}: {error}", dest.display());
        ExitCode::FAILURE
    } else if summary.no_answer() {
        let (_, error) = &summary.errors[0];
        eprintln!("flags: no answer from the {place}: {error}");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
// ANCHOR_END: exit_code

/// Creates `dir` if it is missing and checks that a file can be made in
/// it, so that a bad `--dest` fails once, before any download.
async fn writable_dir(dir: &Path) -> io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let dir = dir.to_path_buf();
    let probe = tokio::task::spawn_blocking(move || {
        tempfile::NamedTempFile::new_in(dir) // deleted when dropped
    });
    probe.await.expect("no panic").map(drop)
}
