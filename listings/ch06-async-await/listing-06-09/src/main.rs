//! The prober of Listing 6-7 with one change: `probe` waits for its reply
//! in a blocking `recv` of std's `UdpSocket`. It still compiles, still
//! runs, and still gets every answer right, one name after another.

use clap::Parser;
use dns_server::{DnsServer, keywords_zone};
use executor_extras::{Elapsed, Executor};
use listing_06_06::{Answer, parse_reply, query};
use listing_06_07::cli::{Args, Tally, exit_status};
use listing_06_07::cli::{report, server_stats, summary};
use listing_06_07::{ProbeError, Resolver, random_id};
use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::Instant;

// ANCHOR: probe
/// Listing 6-7's `probe`, with a blocking socket: `recv` stops the
/// thread, and with it the executor and every other task, until the
/// reply comes.
async fn probe(resolver: &Resolver, name: &str) -> Result<Answer, ProbeError> {
    let packet = query(random_id(), name)?;
    let local = match resolver.server {
        SocketAddr::V4(_) => "0.0.0.0:0",
        SocketAddr::V6(_) => "[::]:0",
    };
    let socket = UdpSocket::bind(local)?;
    socket.set_read_timeout(Some(resolver.limit))?;
    socket.connect(resolver.server)?;
    socket.send(&packet)?;
    let mut reply = [0; 512];
    // Blocks: no .await, no Pending; a read timeout is WouldBlock here.
    let n = socket
        .recv(&mut reply)
        .map_err(|error| match error.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                ProbeError::Timeout(Elapsed(resolver.limit))
            }
            _ => ProbeError::Io(error),
        })?;
    Ok(parse_reply(&packet, &reply[..n])?)
}
// ANCHOR_END: probe

fn main() -> ExitCode {
    let args = Args::parse();
    let names = args.names(); // exits with status 2 on bad input
    exit_status(run(&args, names))
}

/// Listing 6-7's `run`, word for word.
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

    #[test]
    fn a_silent_server_is_a_timeout() {
        // A socket that never answers; the read timeout ends the wait.
        let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = silent.local_addr().unwrap();
        let (done, result) = mpsc::channel();
        thread::spawn(move || {
            let resolver = Resolver {
                reactor: executor_extras::Reactor::new().unwrap(),
                server: addr,
                limit: Duration::from_millis(200),
            };
            let probing = async move { probe(&resolver, "fn.test").await };
            let answer = executor_extras::block_on(probing).unwrap();
            let _ = done.send(answer.map_err(|e| e.to_string()));
        });
        let answer = result.recv_timeout(Duration::from_secs(10));
        let answer = answer.expect("the probe hung");
        assert_eq!(answer, Err("no answer within 200 ms".to_string()));
    }
}
