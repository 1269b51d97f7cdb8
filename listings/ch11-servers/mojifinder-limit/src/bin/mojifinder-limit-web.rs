//! The constant-answer web server: `GET /search?q=...` over HTTP/1.1, each
//! query of the load mix answered with precomputed JSON.

use std::net::IpAddr;

use anyhow::Context;
use charindex::CharIndex;
use clap::Parser;
use mojifinder_limit::{WebAnswers, run_web};

/// The web mojifinder's `/search` with precomputed answers, for benchmarks.
#[derive(Parser)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    address: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 8001)]
    port: u16,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let answers = WebAnswers::new(&CharIndex::new());
    let listener = listing_11_02::bind((args.address, args.port).into())
        .with_context(|| format!("cannot listen on port {}", args.port))?;
    let address = listener.local_addr()?;
    let ctrl_c = listing_11_02::ctrl_c();
    println!("Serving on http://{address}/. Hit CTRL-C to stop.");
    run_web(listener, answers, ctrl_c).await;
    Ok(())
}
