//! The domain prober on Tokio, with the command line and printout of the
//! version on our own executor (Listing 6-7).

use clap::Parser;
use dns_server::{DnsServer, keywords_zone};
use listing_06_07::cli::{Args, Tally, exit_status, report, summary};
use listing_06_08::{Resolver, probe};
use std::error::Error;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args = Args::parse();
    let names = args.names(); // exits with status 2 on bad input
    exit_status(run(&args, names))
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn run(args: &Args, names: Vec<String>) -> Result<Tally, Box<dyn Error>> {
    let local = match args.server {
        Some(_) => None,
        None => Some(DnsServer::start(keywords_zone())?),
    };
    let server = args.server.or(local.as_ref().map(DnsServer::addr));
    let server = server.expect("a server given or started");
    let resolver = Resolver::new(server, args.timeout)?;
    // ANCHOR_END: main
    // ANCHOR: spawn
    let (count, start) = (names.len(), Instant::now());
    let mut tasks = Vec::new();
    for name in names {
        let resolver = resolver.clone();
        tasks.push(tokio::spawn(async move {
            let answer = probe(&resolver, &name).await;
            let answered = usize::from(answer.is_ok());
            let line = report(&name, answer, start.elapsed());
            // writeln! hands back the error on which println! panics.
            writeln!(io::stdout().lock(), "{line}").map(|()| answered)
        }));
    }
    let mut answered = 0;
    for task in tasks {
        // The first ? is for a task that panicked, the second for a write.
        answered += task.await??;
    }
    writeln!(io::stdout().lock(), "{}", summary(count, start.elapsed()))?;
    Ok(Tally {
        names: count,
        answered,
        server,
    })
}
// ANCHOR_END: spawn
