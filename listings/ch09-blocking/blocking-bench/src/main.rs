//! The benchmark of chapter 9, run by `ci/bench-blocking.sh` (not a test).
//!
//! Part 1 runs Listing 9-1's measurement for longer: a ticker that asks to
//! wake every 10 ms, alone and beside each blocking neighbour, on the
//! current-thread runtime and on the multi-thread runtime with two workers.
//! It prints how late the wakes were (p50, p99, max) and how long the
//! neighbour's calls took.
//!
//! Part 2 loads Listing 9-10's prime server, on a multi-thread runtime
//! with two workers: `--heavy` clients ask about a large prime again and
//! again while one client asks about 7 every 10 ms and times each answer.
//! It prints the quick client's latency and the slow checks per second,
//! with no slow clients, with the check inline and with it offloaded.
//!
//! Usage: blocking-bench [--seconds S] [--server-seconds S] [--heavy N]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use listing_09_01::{Flavor, Neighbour, measure, ms, print_table};
use listing_09_10::{Mode, serve};

/// A prime that a release build checks in tens of milliseconds.
const BIG: u64 = 1_000_000_000_000_037;

struct Options {
    seconds: f64,
    server_seconds: f64,
    heavy: usize,
}

fn parse() -> Result<Options, String> {
    let mut options = Options {
        seconds: 3.0,
        server_seconds: 5.0,
        heavy: 2,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let bad = format!("{flag}: not a number: {value:?}");
        match flag.as_str() {
            "--seconds" => {
                options.seconds = value.parse().map_err(|_| bad.clone())?
            }
            "--server-seconds" => {
                options.server_seconds =
                    value.parse().map_err(|_| bad.clone())?
            }
            "--heavy" => {
                options.heavy = value.parse().map_err(|_| bad.clone())?
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if !(options.seconds > 0.0 && options.server_seconds > 0.0) {
        return Err("durations must be positive".into());
    }
    Ok(options)
}

fn main() {
    let options = match parse() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("blocking-bench: {message}");
            eprintln!(
                "usage: blocking-bench [--seconds S] [--server-seconds S] \
                 [--heavy N]"
            );
            std::process::exit(2);
        }
    };
    lateness(Duration::from_secs_f64(options.seconds));
    println!();
    server(
        Duration::from_secs_f64(options.server_seconds),
        options.heavy,
    );
}

/// Part 1: Listing 9-1's table, each row measured for `run_for`.
fn lateness(run_for: Duration) {
    println!(
        "Part 1: a ticker asking to wake every 10 ms, {:.1} s per row; \
         how late it woke",
        run_for.as_secs_f64()
    );
    let mut rows = Vec::new();
    for flavor in [Flavor::CurrentThread, Flavor::MultiThread] {
        for kind in Neighbour::ALL {
            rows.push(measure(flavor, kind, run_for));
        }
    }
    print_table(&rows);
    let wakes: Vec<String> =
        rows.iter().map(|r| r.late.len().to_string()).collect();
    println!("wakes per row: {}", wakes.join(", "));
}

/// Part 2: the prime server under slow questions, three ways.
fn server(run_for: Duration, heavy: usize) {
    println!(
        "Part 2: the prime server (multi_thread, 2 workers), {:.1} s per \
         row; one client asks about 7 every 10 ms",
        run_for.as_secs_f64()
    );
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>8} {:>12}",
        "case", "p50", "p99", "max", "answers", "big checks/s"
    );
    let cases = [
        ("no slow clients", Mode::Inline, 0),
        ("slow clients, check inline", Mode::Inline, heavy),
        ("slow clients, offloaded", Mode::Offloaded, heavy),
    ];
    for (name, mode, heavy) in cases {
        let (mut latencies, checks) = load(mode, heavy, run_for);
        latencies.sort();
        let at = |q: f64| {
            let last = latencies.len().saturating_sub(1);
            latencies[(last as f64 * q).round() as usize]
        };
        println!(
            "{:<28} {:>9} {:>9} {:>9} {:>8} {:>12.1}",
            name,
            ms(at(0.5)),
            ms(at(0.99)),
            ms(at(1.0)),
            latencies.len(),
            checks as f64 / run_for.as_secs_f64(),
        );
    }
    println!("({heavy} slow clients, each asking about {BIG} in a loop)");
}

/// Runs a server in `mode` with `heavy` slow clients and one quick one for
/// `run_for`; returns the quick client's latencies and the slow checks
/// answered.
fn load(mode: Mode, heavy: usize, run_for: Duration) -> (Vec<Duration>, u64) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    runtime.spawn(serve(listener, mode));

    let stop = Arc::new(AtomicBool::new(false));
    let checks = Arc::new(AtomicU64::new(0));
    let slow: Vec<_> = (0..heavy)
        .map(|_| {
            let (stop, checks) = (stop.clone(), checks.clone());
            thread::spawn(move || {
                let mut client = Client::connect(addr);
                while !stop.load(Ordering::Relaxed) {
                    client.ask(BIG);
                    checks.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    // ANCHOR: quick
    // Let the slow clients get going before timing the quick one.
    thread::sleep(Duration::from_millis(200));
    let mut quick = Client::connect(addr);
    let mut latencies = Vec::new();
    let start = Instant::now();
    while start.elapsed() < run_for {
        let asked = Instant::now();
        quick.ask(7);
        latencies.push(asked.elapsed());
        thread::sleep(Duration::from_millis(10));
    }
    // ANCHOR_END: quick
    stop.store(true, Ordering::Relaxed);
    for client in slow {
        client.join().expect("a slow client");
    }
    runtime.shutdown_background();
    (latencies, checks.load(Ordering::Relaxed))
}

/// A blocking client of the prime server.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    line: String,
}

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let writer = TcpStream::connect(addr).expect("connect");
        writer.set_nodelay(true).expect("nodelay");
        writer
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("a read timeout");
        let reader = BufReader::new(writer.try_clone().expect("clone"));
        Client {
            reader,
            writer,
            line: String::new(),
        }
    }

    /// Asks about `n` and waits for the answer.
    fn ask(&mut self, n: u64) {
        writeln!(self.writer, "{n}").expect("send");
        self.line.clear();
        self.reader.read_line(&mut self.line).expect("an answer");
        assert!(self.line.starts_with(&n.to_string()), "{:?}", self.line);
    }
}
