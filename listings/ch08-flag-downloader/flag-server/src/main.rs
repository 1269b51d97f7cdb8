//! `flag-server`: serves the synthetic flags on 127.0.0.1. By default it
//! starts all three servers of the asyncio version at once: LOCAL on port
//! 8000, DELAY on 8001 and ERROR on 8002. `--mode` starts just one.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use flag_server::{Config, Delay, Mode};
use tokio::net::TcpListener;

/// Serves 194 synthetic flags and their metadata on 127.0.0.1, at
/// /flags/{cc}/{cc}.gif and /flags/{cc}/metadata.json.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Serve only this mode (on its port, or --port); default: all three.
    #[arg(short, long, value_enum)]
    mode: Option<Mode>,
    /// The port for --mode (0 lets the system pick).
    #[arg(short, long, requires = "mode")]
    port: Option<u16>,
    /// DELAY and ERROR wait: seconds, or a range MIN..MAX drawn per country.
    #[arg(short, long, default_value = "0.5..5", value_parser = parse_delay)]
    delay: Delay,
    /// ERROR: share of the countries that answer 418 I'm a Teapot.
    #[arg(short, long, default_value_t = 0.25, value_parser = parse_share)]
    error_rate: f64,
    /// ERROR: share of the countries whose answer stalls.
    #[arg(long, default_value_t = 0.05, value_parser = parse_share)]
    stall_rate: f64,
    /// ERROR: how long a stalled answer waits, in seconds.
    #[arg(long, default_value_t = 60.0, value_parser = parse_seconds)]
    stall: f64,
    /// Seed for the delays and for which countries fail.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

impl Args {
    fn config(&self, mode: Mode) -> Config {
        let config = match mode {
            Mode::Local => Config::local(),
            Mode::Delay => Config::delay(self.delay.clone()),
            Mode::Error => Config::delay(self.delay.clone())
                .with_errors(self.error_rate, self.stall_rate),
        };
        config
            .with_seed(self.seed)
            .with_stall(Duration::from_secs_f64(self.stall))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let modes = match args.mode {
        Some(mode) => vec![mode],
        None => vec![Mode::Local, Mode::Delay, Mode::Error],
    };
    let mut servers = tokio::task::JoinSet::new();
    for mode in modes {
        let port = args.port.unwrap_or(mode.port());
        let listener = match TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("flag-server: cannot listen on port {port}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let addr = listener.local_addr().expect("a bound socket");
        let name = format!("{mode:?}").to_uppercase();
        say(&format!("{name} server on http://{addr}/flags/"));
        servers.spawn(flag_server::serve(listener, args.config(mode)));
    }
    tokio::select! {
        Some(result) = servers.join_next() => {
            eprintln!("flag-server: a server stopped: {result:?}");
            ExitCode::FAILURE
        }
        _ = tokio::signal::ctrl_c() => {
            say("flag-server: stopped by Ctrl-C");
            ExitCode::SUCCESS
        }
    }
}

/// Prints `line` on standard output. A server whose output is gone, as in
/// `flag-server | head -1`, goes on serving: the failure is only reported.
fn say(line: &str) {
    if let Err(error) = writeln!(std::io::stdout(), "{line}") {
        eprintln!("flag-server: cannot write to standard output: {error}");
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    let seconds: f64 =
        s.trim().parse().map_err(|_| format!("not a number: {s}"))?;
    if seconds.is_finite() && (0.0..=3600.0).contains(&seconds) {
        Ok(seconds)
    } else {
        Err("seconds must be between 0 and 3600".into())
    }
}

fn parse_delay(s: &str) -> Result<Delay, String> {
    let secs = |s| parse_seconds(s).map(Duration::from_secs_f64);
    match s.split_once("..") {
        None => Ok(Delay::Fixed(secs(s)?)),
        Some((min, max)) => {
            let (min, max) = (secs(min)?, secs(max)?);
            if min > max {
                return Err(format!("empty range: {s}"));
            }
            Ok(Delay::Uniform { min, max })
        }
    }
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("not a share between 0 and 1: {s}")),
    }
}
