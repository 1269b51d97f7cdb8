//! The TCP mojifinder's command line: build the index, listen (on
//! 127.0.0.1:2323 unless told otherwise), serve until Ctrl-C.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use charindex::CharIndex;
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use listing_11_02::{Config, bind, ctrl_c, run};
use tracing::info;

/// Find Unicode characters by name: connect with nc or telnet and type
/// words of a name.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    address: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 2323)]
    port: u16,
    /// How many clients may be connected at once (1 to 1,000,000).
    #[arg(
        long,
        default_value_t = Config::default().max_connections,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_CAP),
    )]
    max_connections: usize,
    /// Log every query answered, not only connections and errors.
    #[arg(long, short)]
    verbose: bool,
}

/// Each client holds a file descriptor, and a million is beyond the
/// default limit of any system; Tokio's semaphore would panic far above.
const MAX_CAP: u64 = 1_000_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let level = match args.verbose {
        true => tracing::Level::DEBUG,
        false => tracing::Level::INFO,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();

    // ANCHOR: main
    let start = Instant::now();
    let index = Arc::new(CharIndex::new());
    info!(
        "indexed {} characters in {:.1?}",
        index.len(),
        start.elapsed()
    );

    let listener = bind((args.address, args.port).into())
        .with_context(|| format!("cannot listen on port {}", args.port))?;
    let address = listener.local_addr()?;
    let ctrl_c = ctrl_c(); // caught from here on, before we announce
    println!("Serving on {address}. Hit CTRL-C to stop.");

    let config = Config {
        max_connections: args.max_connections,
        ..Config::default()
    };
    run(listener, index, config, ctrl_c).await;
    println!("Server shut down.");
    // ANCHOR_END: main
    Ok(())
}
