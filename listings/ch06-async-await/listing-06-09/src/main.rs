//! The prober of Listing 6-7 with one change: `probe` waits for its reply
//! in a blocking `recv` of std's `UdpSocket`. It still compiles, still
//! runs, and still gets every answer right, one name after another.

use clap::Parser;
use dns_server::{DnsServer, keywords_zone};
use executor_extras::Executor;
use listing_06_06::{Answer, parse_reply, query};
use listing_06_07::cli::{Args, report, server_stats, summary};
use listing_06_07::{ProbeError, Resolver, random_id};
use std::io;
use std::net::UdpSocket;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

// ANCHOR: probe
/// Listing 6-7's `probe`, with a blocking socket: `recv` stops the
/// thread, and with it the executor and every other task, until the
/// reply comes.
async fn probe(resolver: &Resolver, name: &str) -> Result<Answer, ProbeError> {
    let packet = query(random_id(), name)?;
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    socket.set_read_timeout(Some(resolver.limit))?;
    socket.connect(resolver.server)?;
    socket.send(&packet)?;
    let mut reply = [0; 512];
    let n = socket.recv(&mut reply)?; // blocks: no .await, no Pending
    Ok(parse_reply(&packet, &reply[..n])?)
}
// ANCHOR_END: probe

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

/// Listing 6-7's `run`, word for word.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn blocking_probes_run_one_at_a_time() {
        let server = DnsServer::start(keywords_zone()).unwrap();
        let addr = server.addr();
        let (done, finished) = mpsc::channel();
        thread::spawn(move || {
            let executor = Executor::new().unwrap();
            let resolver = Resolver {
                reactor: Arc::clone(executor.reactor()),
                server: addr,
                limit: Duration::from_secs(5),
            };
            for word in ["as", "dyn", "fn"] {
                let resolver = resolver.clone();
                executor.spawner().spawn(async move {
                    let name = format!("{word}.test");
                    probe(&resolver, &name).await.unwrap();
                });
            }
            executor.run().unwrap();
            let _ = done.send(());
        });
        let deadline = Duration::from_secs(10);
        finished.recv_timeout(deadline).expect("the probes hung");
        assert_eq!(server.queries(), 3);
        assert_eq!(server.max_in_flight(), 1);
    }
}
