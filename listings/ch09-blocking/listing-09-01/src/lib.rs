//! What a blocking neighbour does to a runtime, measured. A ticker task
//! asks to wake every 10 ms and records how late each wake is; a neighbour
//! task blocks its thread now and then, in one of four ways. `measure`
//! runs the two on a fresh runtime and returns the ticker's lateness.
//!
//! The clock is real: a thread that sleeps or computes does not move
//! Tokio's paused clock, so only a real clock can see the harm. The
//! figures change from run to run; tests check them against bounds.

use std::fs::File;
use std::io::{Seek, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, Runtime};

/// How often the ticker asks to wake.
pub const PERIOD: Duration = Duration::from_millis(10);
/// How long each of the neighbour's blocking calls is meant to take.
pub const BLOCK: Duration = Duration::from_millis(50);
/// How long the neighbour waits, asynchronously, between two calls.
const PAUSE: Duration = Duration::from_millis(50);
/// A prime whose check by trial division takes roughly `BLOCK` on a
/// 3 GHz core. Optimised code divides about thirty times faster, so the
/// release build (the benchmark's) checks a larger one.
pub const PRIME: u64 = if cfg!(debug_assertions) {
    1_000_000_000_039
} else {
    PRIME_RELEASE
};
const PRIME_RELEASE: u64 = 2_500_000_000_000_043;

// ANCHOR: ticker
/// Sleeps `PERIOD` again and again until `run_for` has passed, and returns
/// how late it woke each time: the time between when it asked to wake and
/// when it ran again.
pub async fn ticker(run_for: Duration) -> Vec<Duration> {
    let start = Instant::now();
    let mut late = Vec::new();
    while start.elapsed() < run_for {
        let due = tokio::time::Instant::now() + PERIOD;
        tokio::time::sleep_until(due).await;
        late.push(due.elapsed());
    }
    late
}
// ANCHOR_END: ticker

// ANCHOR: neighbours
/// The four ways the neighbour blocks its thread, and a neighbour that
/// does not exist, for comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Neighbour {
    Alone,
    ThreadSleep,
    PrimeCheck,
    FileWrite,
    StdMutex,
}
// ANCHOR_END: neighbours

// ANCHOR: block_once
/// One blocking call of the neighbour's kind.
fn block_once(kind: Neighbour, file: &mut File, lock: &Mutex<()>) {
    match kind {
        Neighbour::Alone => {}
        Neighbour::ThreadSleep => thread::sleep(BLOCK),
        Neighbour::PrimeCheck => assert!(is_prime(PRIME)),
        Neighbour::FileWrite => {
            file.rewind().expect("rewind");
            file.write_all(&[7; 1 << 20]).expect("write");
            file.sync_data().expect("sync");
        }
        // Another thread holds the lock most of the time (see `holder`).
        Neighbour::StdMutex => drop(lock.lock().expect("not poisoned")),
    }
}
// ANCHOR_END: block_once

// ANCHOR: is_prime
/// Trial division: about `sqrt(n) / 2` divisions for a prime.
pub fn is_prime(n: u64) -> bool {
    if n < 2 || n.is_multiple_of(2) {
        return n == 2;
    }
    (3..)
        .step_by(2)
        .take_while(|d| d * d <= n)
        .all(|d| !n.is_multiple_of(d))
}
// ANCHOR_END: is_prime

impl Neighbour {
    /// Every kind, in the order of the table.
    pub const ALL: [Neighbour; 5] = [
        Neighbour::Alone,
        Neighbour::ThreadSleep,
        Neighbour::PrimeCheck,
        Neighbour::FileWrite,
        Neighbour::StdMutex,
    ];

    /// The name the table prints.
    pub fn name(self) -> &'static str {
        match self {
            Neighbour::Alone => "alone",
            Neighbour::ThreadSleep => "std::thread::sleep",
            Neighbour::PrimeCheck => "prime check",
            Neighbour::FileWrite => "1 MiB write + sync",
            Neighbour::StdMutex => "contended std Mutex",
        }
    }
}

/// The two runtimes the table compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    CurrentThread,
    /// The multi-thread runtime with two workers, so that the table means
    /// the same on every machine.
    MultiThread,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current_thread",
            Flavor::MultiThread => "multi_thread (2)",
        }
    }

    fn runtime(self) -> Runtime {
        let mut builder = match self {
            Flavor::CurrentThread => Builder::new_current_thread(),
            Flavor::MultiThread => {
                let mut builder = Builder::new_multi_thread();
                builder.worker_threads(2);
                builder
            }
        };
        builder.enable_time().build().expect("a runtime")
    }
}

/// One row of the table: the ticker's lateness, and how long the
/// neighbour's calls took.
#[derive(Debug)]
pub struct Row {
    pub flavor: Flavor,
    pub neighbour: Neighbour,
    /// How late each wake was, sorted.
    pub late: Vec<Duration>,
    /// How long each blocking call took, sorted; empty when alone.
    pub blocks: Vec<Duration>,
}

impl Row {
    /// The value below which a share `q` (0 to 1) of `sorted` lies.
    fn quantile(sorted: &[Duration], q: f64) -> Duration {
        let last = sorted.len().saturating_sub(1);
        sorted
            .get((last as f64 * q).round() as usize)
            .copied()
            .unwrap_or_default()
    }

    pub fn p50(&self) -> Duration {
        Self::quantile(&self.late, 0.50)
    }

    pub fn p99(&self) -> Duration {
        Self::quantile(&self.late, 0.99)
    }

    pub fn max(&self) -> Duration {
        self.late.last().copied().unwrap_or_default()
    }

    /// The median blocking call, if there were any.
    pub fn block(&self) -> Option<Duration> {
        (!self.blocks.is_empty()).then(|| Self::quantile(&self.blocks, 0.5))
    }

    /// The shortest blocking call, if there were any.
    pub fn shortest_block(&self) -> Option<Duration> {
        self.blocks.first().copied()
    }
}

// ANCHOR: measure
/// Runs the ticker for `run_for` beside a neighbour of kind `kind`, both
/// spawned as tasks on a fresh runtime of the given flavor.
pub fn measure(flavor: Flavor, kind: Neighbour, run_for: Duration) -> Row {
    let stop = Arc::new(AtomicBool::new(false));
    let lock = Arc::new(Mutex::new(()));
    let holder = holder(kind, &lock, &stop);
    let runtime = flavor.runtime();
    let (mut late, mut blocks) = runtime.block_on(async {
        let neighbour = tokio::spawn(neighbour(kind, lock, stop.clone()));
        let late = tokio::spawn(ticker(run_for)).await.expect("ticker");
        stop.store(true, Ordering::Relaxed);
        (late, neighbour.await.expect("neighbour"))
    });
    if let Some(holder) = holder {
        holder.join().expect("holder");
    }
    late.sort();
    blocks.sort();
    Row {
        flavor,
        neighbour: kind,
        late,
        blocks,
    }
}
// ANCHOR_END: measure

// ANCHOR: neighbour
/// Blocks, pauses without blocking, and again, until told to stop;
/// returns how long each blocking call took.
async fn neighbour(
    kind: Neighbour,
    lock: Arc<Mutex<()>>,
    stop: Arc<AtomicBool>,
) -> Vec<Duration> {
    let mut file = tempfile();
    let mut blocks = Vec::new();
    while kind != Neighbour::Alone && !stop.load(Ordering::Relaxed) {
        let start = Instant::now();
        block_once(kind, &mut file, &lock);
        blocks.push(start.elapsed());
        tokio::time::sleep(PAUSE).await;
    }
    blocks
}
// ANCHOR_END: neighbour

/// For the contended mutex: a plain thread that holds the lock for twice
/// `BLOCK` at a time, letting go for a moment in between. The neighbour
/// comes back `PAUSE` after it got the lock, in the middle of the next
/// hold, so each `lock` waits about `BLOCK`.
fn holder(
    kind: Neighbour,
    lock: &Arc<Mutex<()>>,
    stop: &Arc<AtomicBool>,
) -> Option<thread::JoinHandle<()>> {
    if kind != Neighbour::StdMutex {
        return None;
    }
    let (lock, stop) = (lock.clone(), stop.clone());
    Some(thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let guard = lock.lock().expect("not poisoned");
            thread::sleep(2 * BLOCK);
            drop(guard);
            thread::sleep(Duration::from_millis(1));
        }
    }))
}

/// A new, already deleted file in the temporary directory, for the file
/// neighbour to write to; unique per call, so runs in parallel do not
/// share one.
fn tempfile() -> File {
    use std::sync::atomic::AtomicU64;
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir()
        .join(format!("listing-09-01-{}-{n}", std::process::id()));
    let file = File::create(&path).expect("create a temporary file");
    // Unlinked at once: the open file lives on and vanishes when dropped.
    std::fs::remove_file(&path).expect("remove the temporary file");
    file
}

/// Prints the table: one row per runtime and neighbour.
pub fn print_table(rows: &[Row]) {
    println!(
        "{:<17} {:<20} {:>9} {:>9} {:>9} {:>9}",
        "runtime", "neighbour", "blocks", "p50", "p99", "max"
    );
    for row in rows {
        let block = row.block().map_or("-".to_string(), ms);
        println!(
            "{:<17} {:<20} {:>9} {:>9} {:>9} {:>9}",
            row.flavor.name(),
            row.neighbour.name(),
            block,
            ms(row.p50()),
            ms(row.p99()),
            ms(row.max()),
        );
    }
}

/// A duration in milliseconds with one decimal.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
