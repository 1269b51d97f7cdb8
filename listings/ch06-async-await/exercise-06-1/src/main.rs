//! Exercise 6-1: probe every name at once, but hand back the answers in
//! the order of the names, as `asyncio.gather` does.

use dns_server::{DnsServer, keywords_zone};
use executor_extras::Executor;
use listing_06_06::Answer;
use listing_06_07::cli::{Tally, exit_status, report, server_stats};
use listing_06_07::{ProbeError, Resolver, probe};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// ANCHOR: solution
/// One slot per name, for its answer; shared by the tasks, so in an `Arc`
/// and behind a `Mutex`.
type Slots = Arc<Mutex<Vec<Option<Result<Answer, ProbeError>>>>>;

/// Probes every name at once on a new executor; the answers come back in
/// the order of `names`, whatever order they arrived in.
fn probe_all(
    server: std::net::SocketAddr,
    limit: Duration,
    names: &[String],
) -> io::Result<Vec<Result<Answer, ProbeError>>> {
    let executor = Executor::new()?;
    let reactor = Arc::clone(executor.reactor());
    let resolver = Resolver {
        reactor,
        server,
        limit,
    };
    let slots: Slots =
        Arc::new(Mutex::new(names.iter().map(|_| None).collect()));
    // ANCHOR_END: solution
    // ANCHOR: solution_spawn
    for (index, name) in names.iter().cloned().enumerate() {
        let (resolver, slots) = (resolver.clone(), Arc::clone(&slots));
        executor.spawner().spawn(async move {
            let answer = probe(&resolver, &name).await;
            slots.lock().unwrap()[index] = Some(answer); // its own slot
        });
    }
    executor.run()?; // every task is done, so every slot is filled
    let slots = std::mem::take(&mut *slots.lock().unwrap());
    Ok(slots
        .into_iter()
        .map(|slot| slot.expect("filled"))
        .collect())
}
// ANCHOR_END: solution_spawn

// ANCHOR: main
fn main() -> ExitCode {
    exit_status(run()) // Listing 6-7's: 0, or 1 and a message
}

fn run() -> io::Result<Tally> {
    let server = DnsServer::start(keywords_zone())?;
    let names = ["fn", "mod", "use", "dyn", "as"].map(|w| format!("{w}.test"));
    let start = Instant::now();
    let limit = Duration::from_secs(2);
    let answers = probe_all(server.addr(), limit, &names)?;
    let took = start.elapsed();
    let answered = answers.iter().filter(|answer| answer.is_ok()).count();
    let mut out = io::stdout().lock(); // writeln!: no panic on a closed pipe
    for (name, answer) in names.iter().zip(answers) {
        writeln!(out, "{}", report(name, answer, took))?;
    }
    writeln!(out, "{}", server_stats(&server))?;
    let (names, server) = (names.len(), server.addr());
    Ok(Tally {
        names,
        answered,
        server,
    })
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` on a thread of its own; fails the test if it takes longer
    /// than ten seconds, and with `f`'s own message if it panics.
    fn within_deadline<T: Send + 'static>(
        f: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        use std::sync::mpsc::{self, RecvTimeoutError};
        let (done, result) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let _ = done.send(f());
        });
        match result.recv_timeout(Duration::from_secs(10)) {
            Ok(value) => value,
            Err(RecvTimeoutError::Disconnected) => {
                std::panic::resume_unwind(thread.join().unwrap_err())
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!("did not finish within the deadline: a hang")
            }
        }
    }

    #[test]
    fn answers_come_in_the_order_of_the_names_and_all_at_once() {
        let server = DnsServer::start(keywords_zone()).unwrap();
        // Their delays are 840, 80 and 360 ms: the reverse of this order
        // would be the order of arrival.
        let names =
            ["true", "as", "dyn", "nosuch"].map(|w| format!("{w}.test"));
        let limit = Duration::from_secs(5);
        let (addr, count) = (server.addr(), names.len());
        let answers =
            within_deadline(move || probe_all(addr, limit, &names).unwrap());
        let answers: Vec<Answer> =
            answers.into_iter().map(Result::unwrap).collect();
        let as_test =
            Answer::Found(vec![std::net::Ipv4Addr::new(192, 0, 2, 1)]);
        let expected = [
            Answer::NotFound,
            as_test,
            Answer::NotFound,
            Answer::NotFound,
        ];
        assert_eq!(answers, expected);
        assert_eq!(server.max_in_flight(), count);
    }
}
