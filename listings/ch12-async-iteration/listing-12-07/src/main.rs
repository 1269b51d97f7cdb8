//! domaincheck: which of Rust's short keywords are taken as names under a
//! suffix, printed in two columns as the answers arrive.

use clap::{CommandFactory, Parser, error::ErrorKind};
use dns_server::{DnsServer, KEYWORDS};
use futures::StreamExt;
use listing_06_06::Answer;
use listing_06_08::Resolver;
use listing_12_07::{multi_probe, spaced_zone};
use std::error::Error;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// Checks <keyword>.<SUFFIX> for each of Rust's keywords of up to four
/// letters, and prints the names found and not found in two columns.
#[derive(Parser, Debug)]
#[command(name = "domaincheck")]
struct Args {
    /// The domain to put after each keyword
    #[arg(default_value = "test", value_parser = parse_suffix)]
    suffix: String,
    /// How many names to probe at one time
    #[arg(long, default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    limit: u16,
    /// A DNS server to ask, IP:PORT [default: a local server for `test`]
    #[arg(long, value_name = "ADDR")]
    server: Option<SocketAddr>,
}

fn main() -> ExitCode {
    let args = Args::parse(); // bad input: a message and status 2
    if args.server.is_none() && args.suffix != "test" {
        let message = "the local server serves only `test`: give --server \
                       to check another suffix";
        Args::command()
            .error(ErrorKind::ArgumentConflict, message)
            .exit();
    }
    match check(&args) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            let total = KEYWORDS.len();
            let from = args.server.map(|at| format!(" from {at}"));
            let from = from.unwrap_or_default();
            eprintln!("error: {failed} of {total} names got no answer{from}");
            ExitCode::FAILURE
        }
        // The reader stopped reading (`domaincheck | head`): not an error
        // of ours, so end quietly, as ripgrep does.
        Err(error) if is_broken_pipe(error.as_ref()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &(dyn Error + 'static)) -> bool {
    let io = error.downcast_ref::<io::Error>();
    io.is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

// ANCHOR: check
/// Prints the two columns; returns how many names got no answer.
#[tokio::main(flavor = "current_thread")]
async fn check(args: &Args) -> Result<usize, Box<dyn Error>> {
    let local = match args.server {
        Some(_) => None,
        None => Some(DnsServer::start(spaced_zone())?),
    };
    let server = args.server.or(local.as_ref().map(DnsServer::addr));
    let resolver = Resolver::new(server.unwrap(), Duration::from_secs(2))?;
    let names = KEYWORDS.map(|word| format!("{word}.{}", args.suffix));
    let limit = usize::from(args.limit);
    let mut answers = multi_probe(resolver, names, limit);
    // ANCHOR_END: check
    // ANCHOR: columns
    // writeln! where println! would panic if the reader has gone away.
    let mut out = io::stdout();
    writeln!(out, "{:<16}NOT FOUND", "FOUND")?;
    writeln!(out, "{:<16}=========", "=====")?;
    let mut failed = 0;
    while let Some((name, answer)) = answers.next().await {
        match answer {
            Ok(Answer::Found(_)) => writeln!(out, "{name}")?,
            Ok(Answer::NotFound) => writeln!(out, "{:<16}{name}", "")?,
            Err(error) => {
                eprintln!("{name}: {error}");
                failed += 1;
            }
        }
    }
    Ok(failed)
}
// ANCHOR_END: columns

// ANCHOR: suffix
/// A suffix is one or more DNS labels joined by dots: `test`, `co.uk`.
fn parse_suffix(text: &str) -> Result<String, String> {
    let text = text.strip_prefix('.').unwrap_or(text).to_ascii_lowercase();
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    // "self." and the dot between make 5 more; a name has 253 at most.
    match text.split('.').all(label_ok) && text.len() <= 248 {
        true => Ok(text),
        false => Err(format!(
            "{text:?} is not a domain:\n  \
             use labels of 1 to 63 letters, digits and inner hyphens, \
             joined by dots"
        )),
    }
}
// ANCHOR_END: suffix
