//! The domain prober on our own executor. Without `--server`, it starts
//! the local DNS server of chapter 6 and probes that.

use clap::Parser;
use dns_server::{DnsServer, keywords_zone};
use executor_extras::Executor;
use listing_06_07::cli::{Args, Tally, exit_status};
use listing_06_07::cli::{report, server_stats, summary};
use listing_06_07::{Resolver, probe};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::Instant;

fn main() -> ExitCode {
    let args = Args::parse();
    let names = args.names(); // exits with status 2 on bad input
    exit_status(run(&args, names))
}

// ANCHOR: main
fn run(args: &Args, names: Vec<String>) -> io::Result<Tally> {
    let local = match args.server {
        Some(_) => None,
        None => Some(DnsServer::start(keywords_zone())?),
    };
    let server = args.server.or(local.as_ref().map(DnsServer::addr));
    let server = server.expect("a server given or started");
    let executor = Executor::new()?;
    let resolver = Resolver {
        reactor: Arc::clone(executor.reactor()),
        server,
        limit: args.timeout,
    };
    // ANCHOR_END: main
    // ANCHOR: spawn
    let (count, start) = (names.len(), Instant::now());
    let (sender, outcomes) = mpsc::channel();
    for name in names {
        let (resolver, sender) = (resolver.clone(), sender.clone());
        executor.spawner().spawn(async move {
            let answer = probe(&resolver, &name).await;
            let answered = usize::from(answer.is_ok());
            let line = report(&name, answer, start.elapsed());
            // writeln! hands back the error on which println! panics.
            let written = writeln!(io::stdout().lock(), "{line}");
            let _ = sender.send(written.map(|()| answered));
        });
    }
    drop(sender); // so that `outcomes` ends after the last task's
    executor.run()?; // until every probe has printed
    // ANCHOR_END: spawn
    // ANCHOR: tally
    let answered = outcomes.iter().sum::<io::Result<usize>>()?;
    let mut out = io::stdout().lock();
    writeln!(out, "{}", summary(count, start.elapsed()))?;
    if let Some(local) = local {
        writeln!(out, "{}", server_stats(&local))?;
    }
    Ok(Tally {
        names: count,
        answered,
        server,
    })
}
// ANCHOR_END: tally
