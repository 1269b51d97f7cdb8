//! `crawl`: fetches the pages of a site from start URLs, following links on
//! the same origins, each URL once, and writes one line per page to a file.

use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use exercise_15_1::demo::{DEMO_ADDR, DemoSite};
use exercise_15_1::{Limits, Report, client, crawl, read_start_urls};
use indicatif::{ProgressBar, ProgressStyle};

/// Crawls a site: fetches the start URLs, then the links on their pages
/// that stay on the same origins, each URL once, a few at a time.
#[derive(Parser, Debug)]
#[command(name = "crawl", version)]
#[command(after_help = AFTER_HELP)]
struct Args {
    /// Start URLs (http://), one per line; blank lines and lines starting
    /// with # are skipped. With --with-demo-site and no file, the demo
    /// site's home page
    #[arg(value_name = "URLS_FILE")]
    #[arg(required_unless_present = "with_demo_site")]
    urls: Option<PathBuf>,
    /// Where to write one line per page fetched (replaced as a whole)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The most requests in flight at once
    #[arg(short, long, value_name = "N", default_value_t = 8)]
    #[arg(value_parser = clap::value_parser!(u16).range(1..=1000))]
    concurrency: u16,
    /// The most pages fetched, counting the start URLs (which are all
    /// fetched)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    #[arg(value_parser = clap::value_parser!(u32).range(1..))]
    max_pages: u32,
    /// The most links followed from a start URL (0: the start URLs only)
    #[arg(long, value_name = "N", default_value_t = 10)]
    depth: u32,
    /// Seconds to wait for a whole answer, body included
    #[arg(short, long, value_name = "SECS", default_value_t = 10.0)]
    #[arg(value_parser = parse_secs)]
    timeout: f64,
    /// Seconds to wait for a connection
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    #[arg(value_parser = parse_secs)]
    connect_timeout: f64,
    /// Serve the demo site at http://127.0.0.1:8015/ in this process first
    /// (if another process holds the port, wait up to 20 s for it)
    #[arg(long)]
    with_demo_site: bool,
}

const AFTER_HELP: &str = "\
The output file has one line per page fetched, sorted by URL, so that two
runs can be compared with diff: the URL, then what came back:
  http://127.0.0.1:8015/a.html 200 HTML, 2 links
  http://127.0.0.1:8015/logo.png 200 not HTML (image/png)
  http://127.0.0.1:8015/old.html 301 redirect to http://127.0.0.1:8015/moved/
  http://127.0.0.1:8015/missing.html 404 Not Found
  http://127.0.0.1:8015/stall.html timeout
  http://127.0.0.1:8015/big.html error: body over 1024 KiB
  http://127.0.0.1:9/ connection error: Connection refused (os error 111)
Only links (and redirects) to a start URL's origin are followed. The file
is written when the crawl ends: after Ctrl-C, nothing is written.

Exit status: 0 when every start URL answered, 1 when one did not or the
output cannot be written, 2 for a bad command line or URLs file, 130 after
Ctrl-C (a second Ctrl-C exits at once).

Try it offline: crawl --with-demo-site -t 3 -o pages.txt";

/// How long `--with-demo-site` waits for its port: long enough for another
/// crawl of the demo site, such as a second run of the book's checks, to end.
const DEMO_PATIENCE: Duration = Duration::from_secs(20);

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(secs),
        _ => Err("expected seconds, more than 0 and at most 3600".into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    // First of all, so that no Ctrl-C is lost, even during the start.
    let cancel = match ctrl_c_cancels() {
        Ok(cancel) => cancel,
        Err(error) => {
            return fail(format!("cannot listen for Ctrl-C: {error}"));
        }
    };
    // A bad URLs file is a usage error, like a bad flag: exit status 2.
    let Some(urls) = &args.urls else {
        // Only with --with-demo-site, as clap checked.
        let home = format!("http://{DEMO_ADDR}/").parse().expect("a URL");
        return run(&args, vec![home], cancel).await;
    };
    let file = urls.display();
    let starts = match std::fs::read_to_string(urls) {
        Ok(text) => read_start_urls(&text),
        Err(error) => return usage(format!("cannot read {file}: {error}")),
    };
    let starts = match starts {
        Ok(starts) if starts.is_empty() => {
            return usage(format!("{file}: no URLs in it"));
        }
        Ok(starts) => starts,
        Err(bad) => return usage(format!("{file}:{}: {}", bad.line, bad.why)),
    };
    run(&args, starts, cancel).await
}

/// Crawls from `starts` as `args` say, writes the output file and the
/// summary, and returns the exit status.
async fn run(
    args: &Args,
    starts: Vec<url::Url>,
    cancel: impl Future<Output = ()>,
) -> ExitCode {
    tokio::pin!(cancel);
    // Fail now rather than after the crawl if the output cannot be written.
    let dir = output_dir(&args.output);
    if let Err(error) = tempfile::NamedTempFile::new_in(dir) {
        return fail(format!("cannot write in {}: {error}", dir.display()));
    }
    let _site = if args.with_demo_site {
        let addr = DEMO_ADDR.parse().expect("an address");
        let started = tokio::select! {
            started = DemoSite::start_when_free(addr, DEMO_PATIENCE) => started,
            // Ctrl-C while the port is taken: stop now, not when it is free.
            () = &mut cancel => {
                let output = args.output.display();
                say(format_args!("Ctrl-C before the crawl; {output} not written"));
                return ExitCode::from(130);
            }
        };
        match started {
            Ok(site) => Some(site), // served until dropped, at the end
            Err(error) => return fail(format!("demo site at {addr}: {error}")),
        }
    } else {
        None
    };
    let limits = Limits {
        concurrency: args.concurrency.into(),
        max_pages: args.max_pages as usize,
        max_depth: args.depth as usize,
        connect_timeout: Duration::from_secs_f64(args.connect_timeout),
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let client = match client(&limits) {
        Ok(client) => client,
        Err(error) => {
            return fail(format!("cannot make an HTTP client: {error}"));
        }
    };

    // Drawn on stderr, and only when stderr is a terminal: indicatif checks.
    let style =
        ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}")
            .expect("a valid template");
    let progress = ProgressBar::new(starts.len() as u64).with_style(style);
    let start = Instant::now();
    let report = crawl(&client, &limits, starts.clone(), &progress, cancel);
    let report = report.await;
    progress.finish_and_clear();
    let elapsed = start.elapsed();

    if report.interrupted {
        let n = report.pages.len();
        let output = args.output.display();
        say(format_args!(
            "Ctrl-C with {n} fetched; {output} not written"
        ));
        return ExitCode::from(130); // the shell's code for SIGINT
    }
    // Every failure, with its URL, in the order of the output file.
    for (url, outcome) in &report.pages {
        if outcome.is_failure() {
            say(format_args!("{url}: {outcome}"));
        }
    }
    if let Err(error) = write_atomically(&args.output, &report) {
        let output = args.output.display();
        return fail(format!("cannot write {output}: {error}"));
    }
    // As in `crawl ... | head -1`, once head has gone.
    if let Err(error) = print_summary(&report, elapsed, &args.output) {
        return fail(format!("cannot write to standard output: {error}"));
    }
    let unanswered = starts.iter().find_map(|url| {
        let outcome = &report.pages[url];
        (!outcome.answered()).then_some((url, outcome))
    });
    match unanswered {
        Some((url, outcome)) => {
            fail(format!("no answer from {url}: {outcome}"))
        }
        None => ExitCode::SUCCESS,
    }
}

/// Writes `crawl: message` on standard error. A closed standard error (as in
/// `crawl ... 2>&1 | head -1`) is no reason to stop, nor to panic as
/// `eprintln!` would: the line is dropped.
fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "crawl: {message}");
}

/// Reports `message` and returns exit status 1.
fn fail(message: String) -> ExitCode {
    say(format_args!("{message}"));
    ExitCode::FAILURE
}

/// Reports `message` and returns exit status 2, as clap does.
fn usage(message: String) -> ExitCode {
    say(format_args!("{message}"));
    ExitCode::from(2)
}

/// Where the output's temporary file goes: beside the output, so that the
/// final rename stays on one file system and is atomic.
fn output_dir(output: &Path) -> &Path {
    match output.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

// ANCHOR: write
/// Writes the report's lines to a temporary file beside `output`, then
/// renames it to `output`: a reader of `output` sees the old file or the
/// whole new one, never a part. On an error the temporary file is deleted
/// when dropped.
fn write_atomically(output: &Path, report: &Report) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    // A temporary file is private (0600); the results are an ordinary file,
    // readable as `File::create` would make it (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(output_dir(output))?;
    let lines = report
        .pages
        .iter()
        .map(|(url, what)| format!("{url} {what}\n"));
    file.write_all(lines.collect::<String>().as_bytes())?;
    file.as_file().sync_all()?; // the bytes reach the disk before the name
    file.persist(output)?;
    Ok(())
}
// ANCHOR_END: write

/// Prints what was crawled: pages, counts by outcome, links left alone.
fn print_summary(
    report: &Report,
    elapsed: Duration,
    output: &Path,
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let n = report.pages.len();
    let pages = if n == 1 { "page" } else { "pages" };
    let output = output.display();
    writeln!(out, "{n} {pages} in {elapsed:.2?}, written to {output}")?;
    let counts: Vec<String> = report
        .counts()
        .iter()
        .map(|(label, n)| format!("{label}: {n}"))
        .collect();
    writeln!(out, "{}", counts.join(", "))?;
    writeln!(
        out,
        "links not followed: {} to other origins, {} over the limits",
        report.other_origins.len(),
        report.over_limits.len()
    )?;
    out.flush()
}

/// Listens for Ctrl-C from now on: the first press completes the future it
/// returns, and a second one ends the process at once.
fn ctrl_c_cancels() -> std::io::Result<impl Future<Output = ()>> {
    let mut presses = ctrl_c_presses()?;
    let (cancel, cancelled) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        presses.recv().await; // the first: stop cleanly
        let _ = cancel.send(());
        presses.recv().await; // the second: stop now
        // Even if standard error is stuck (a full pipe nobody reads): the
        // message goes from a thread of its own, given a moment at most.
        std::thread::spawn(|| say(format_args!("Ctrl-C again, exiting now")));
        tokio::time::sleep(Duration::from_millis(100)).await;
        std::process::exit(130);
    });
    Ok(async {
        // If the listener ends without a press, never cancel.
        if cancelled.await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}

/// Every Ctrl-C from now on, in order.
#[cfg(unix)]
fn ctrl_c_presses() -> std::io::Result<tokio::signal::unix::Signal> {
    use tokio::signal::unix::{SignalKind, signal};
    signal(SignalKind::interrupt())
}

#[cfg(windows)]
fn ctrl_c_presses() -> std::io::Result<tokio::signal::windows::CtrlC> {
    tokio::signal::windows::ctrl_c()
}
