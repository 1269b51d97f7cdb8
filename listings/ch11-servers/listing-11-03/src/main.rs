//! The web mojifinder's command line: build the index, listen (on
//! 127.0.0.1:8000 unless told otherwise), serve until Ctrl-C.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use charindex::CharIndex;
use clap::Parser;
use tracing::info;

/// Find Unicode characters by name, in a browser or with curl.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    address: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 8000)]
    port: u16,
    /// Log every search, not only connections and errors.
    #[arg(long, short)]
    verbose: bool,
}

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

    let start = Instant::now();
    let index = Arc::new(CharIndex::new());
    info!(
        "indexed {} characters in {:.1?}",
        index.len(),
        start.elapsed()
    );

    // The TCP mojifinder's `bind`: a burst of clients needs a longer accept
    // queue over HTTP as much as over plain TCP.
    let listener = listing_11_02::bind((args.address, args.port).into())
        .with_context(|| format!("cannot listen on port {}", args.port))?;
    let address = listener.local_addr()?;
    // The TCP server's Ctrl-C, caught from here on, before we announce.
    let ctrl_c = listing_11_02::ctrl_c();
    println!("Serving on http://{address}/. Hit CTRL-C to stop.");

    let config = listing_11_03::Config::default();
    listing_11_03::run(listener, index, config, ctrl_c).await;
    println!("Server shut down.");
    Ok(())
}
