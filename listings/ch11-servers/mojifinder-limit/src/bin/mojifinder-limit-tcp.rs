//! The constant-answer TCP server: the mojifinder's line protocol, each
//! query of the load mix answered from precomputed bytes.

use std::net::IpAddr;
use std::sync::Arc;

use anyhow::Context;
use charindex::CharIndex;
use clap::Parser;
use mojifinder_limit::{TcpAnswers, run_tcp};

/// The TCP mojifinder's protocol with precomputed answers, for benchmarks.
#[derive(Parser)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    address: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 2324)]
    port: u16,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let answers = Arc::new(TcpAnswers::new(&CharIndex::new()));
    let listener = listing_11_02::bind((args.address, args.port).into())
        .with_context(|| format!("cannot listen on port {}", args.port))?;
    let address = listener.local_addr()?;
    let ctrl_c = listing_11_02::ctrl_c();
    println!("Serving on {address}. Hit CTRL-C to stop.");
    run_tcp(listener, answers, ctrl_c).await;
    Ok(())
}
