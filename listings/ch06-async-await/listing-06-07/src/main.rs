//! The domain prober on our own executor. Without `--server`, it starts
//! the local DNS server of chapter 6 and probes that.

use clap::Parser;
use dns_server::{DnsServer, keywords_zone};
use executor_extras::Executor;
use listing_06_07::cli::{Args, report, server_stats, summary};
use listing_06_07::{Resolver, probe};
use std::io;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

fn main() -> ExitCode {
    let args = Args::parse();
    let names = args.names(); // exits with status 2 on bad input
    match run(&args, names) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

// ANCHOR: main
fn run(args: &Args, names: Vec<String>) -> io::Result<()> {
    let local = match args.server {
        Some(_) => None,
        None => Some(DnsServer::start(keywords_zone())?),
    };
    let server = args.server.or(local.as_ref().map(DnsServer::addr));
    let executor = Executor::new()?;
    let resolver = Resolver {
        reactor: Arc::clone(executor.reactor()),
        server: server.expect("a server given or started"),
        limit: args.timeout,
    };
    // ANCHOR_END: main
    // ANCHOR: spawn
    let (count, start) = (names.len(), Instant::now());
    for name in names {
        let resolver = resolver.clone();
        executor.spawner().spawn(async move {
            let answer = probe(&resolver, &name).await;
            println!("{}", report(&name, answer, start.elapsed()));
        });
    }
    executor.run()?; // until every probe has printed
    println!("{}", summary(count, start.elapsed()));
    if let Some(server) = local {
        println!("{}", server_stats(&server));
    }
    Ok(())
}
// ANCHOR_END: spawn
