//! The prober's command line and printout, shared by the versions on our
//! executor and on Tokio so that they differ only in how they probe.

use clap::{CommandFactory, Parser, error::ErrorKind};
use listing_06_06::Answer;
use std::error::Error;
use std::fmt::Display;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Probes <word>.<suffix> for every word, all at once, and prints each
/// name as its answer arrives.
#[derive(Parser, Debug)]
pub struct Args {
    /// Words to probe [default: Rust's keywords of up to four letters]
    pub words: Vec<String>,
    /// Read the words from a file instead, one a line
    #[arg(long, value_name = "PATH", conflicts_with = "words")]
    pub file: Option<PathBuf>,
    /// The domain to put after each word
    #[arg(long, default_value = "test")]
    pub suffix: String,
    /// A DNS resolver to ask, IP or IP:PORT [default: a local server]
    #[arg(long, value_name = "ADDR", value_parser = parse_server)]
    pub server: Option<SocketAddr>,
    /// Seconds to wait for each answer
    #[arg(long, value_name = "SECONDS", default_value = "2",
          value_parser = parse_seconds)]
    pub timeout: Duration,
}

impl Args {
    /// The names to probe, checked; bad input ends the program with a
    /// message and exit status 2, as clap does for its own errors.
    pub fn names(&self) -> Vec<String> {
        let words = match &self.file {
            None if self.words.is_empty() => {
                dns_server::KEYWORDS.map(String::from).to_vec()
            }
            None => self.words.clone(),
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => text.split_whitespace().map(String::from).collect(),
                Err(error) => fail(format!("{}: {error}", path.display())),
            },
        };
        if words.is_empty() {
            fail("no words to probe".into());
        }
        for label in words
            .iter()
            .map(String::as_str)
            .chain(self.suffix.split('.'))
        {
            if !is_label(label) {
                fail(format!(
                    "{label:?} is not a DNS label: use 1 to 63 letters, \
                     digits and inner hyphens"
                ));
            }
        }
        let names: Vec<String> = words
            .iter()
            .map(|w| format!("{w}.{}", self.suffix))
            .collect();
        // 253 characters make the 255 bytes of a name in a query.
        if let Some(long) = names.iter().find(|name| name.len() > 253) {
            fail(format!(
                "{long:?} is longer than 253 characters, the most a DNS \
                 name can have"
            ));
        }
        names
    }
}

/// Letters, digits and hyphens, not at either end; 1 to 63 of them.
fn is_label(label: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-';
    (1..=63).contains(&label.len())
        && label.chars().all(allowed)
        && !label.starts_with('-')
        && !label.ends_with('-')
}

fn fail(message: String) -> ! {
    // Name the program that is running, which may be the Tokio version.
    let program = std::env::args().next().map(PathBuf::from);
    let name = program.as_deref().and_then(|path| path.file_name());
    let name = name.and_then(|name| name.to_str()).unwrap_or("prober");
    let mut command = Args::command().bin_name(name);
    command.error(ErrorKind::ValueValidation, message).exit()
}

/// `1.1.1.1` means port 53, the DNS port; `127.0.0.1:5353` says its own.
fn parse_server(text: &str) -> Result<SocketAddr, String> {
    text.parse::<SocketAddr>()
        .or_else(|_| text.parse::<IpAddr>().map(|ip| (ip, 53).into()))
        .map_err(|_| format!("{text:?} is not an IP address or IP:PORT"))
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 60.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!("{text:?} is not a number of seconds from 0 to 60")),
    }
}

// ANCHOR: report
/// One line of the printout: when the answer came, the name, the answer.
pub fn report(
    name: &str,
    answer: Result<Answer, impl Display>,
    after: Duration,
) -> String {
    let what = match answer {
        Ok(Answer::Found(addresses)) if addresses.is_empty() => {
            "found, no IPv4 address".to_string()
        }
        Ok(Answer::Found(addresses)) => format!("found {}", addresses[0]),
        Ok(Answer::NotFound) => "not found".to_string(),
        Err(error) => format!("error: {error}"),
    };
    format!("{:>4} ms  {name:<10} {what}", after.as_millis())
}
// ANCHOR_END: report

/// The last line: how many names, and how long they took together.
pub fn summary(count: usize, took: Duration) -> String {
    let names = if count == 1 { "name" } else { "names" };
    format!("{count} {names} in {} ms", took.as_millis())
}

/// What the local server saw: its delays added up, which is how long the
/// answers would take one after another, and the most queries it had in
/// hand at one time, the proof that they overlapped.
pub fn server_stats(server: &dns_server::DnsServer) -> String {
    let queries = match server.queries() {
        1 => "1 query".to_string(),
        n => format!("{n} queries"),
    };
    format!(
        "the server's delays add up to {} ms; it received {queries}, at \
         most {} at a time",
        server.total_delay().as_millis(),
        server.max_in_flight(),
    )
}

/// How a run went: how many names were probed, how many got an answer
/// (found or not found; an error or a timeout is no answer), and which
/// server was asked.
pub struct Tally {
    pub names: usize,
    pub answered: usize,
    pub server: SocketAddr,
}

impl Tally {
    /// What to say when some name got no answer.
    fn failure(&self) -> Option<String> {
        let Tally {
            names,
            answered,
            server,
        } = *self;
        match names - answered {
            0 => None,
            _ if answered == 0 => Some(format!(
                "none of the {names} names got an answer from {server}; \
                 is a DNS server running there?"
            )),
            failed => Some(format!("{failed} of {names} names got no answer")),
        }
    }
}

// ANCHOR: exit_status
/// The exit status of a run, with a message on stderr when it failed:
/// 0 when every name got an answer, 1 when some or all got none.
pub fn exit_status(run: Result<Tally, impl Into<Box<dyn Error>>>) -> ExitCode {
    let message = match run.map_err(Into::into) {
        Ok(tally) => match tally.failure() {
            None => return ExitCode::SUCCESS,
            Some(message) => message,
        },
        // Our reader has gone (`prober | head -1`): not a failure of
        // ours, so end quietly, with status 0, as ripgrep does.
        Err(error) if is_broken_pipe(&*error) => return ExitCode::SUCCESS,
        Err(error) => error.to_string(),
    };
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
// ANCHOR_END: exit_status

fn is_broken_pipe(error: &(dyn Error + 'static)) -> bool {
    let io = error.downcast_ref::<io::Error>();
    io.is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
}
