//! Benchmark of chapter 5: the hand-rolled executor of Listing 5-4 against
//! Tokio, on the same three workloads, each written once:
//!
//! 1. spawn: many tasks that each complete at their first poll;
//! 2. yield: tasks that each wake themselves and return `Pending`, over and
//!    over, so every poll goes back through the run queue;
//! 3. ping-pong: pairs of tasks passing a number back and forth through a
//!    one-slot channel, each message a wake-up of the other task.
//!
//! Executors: ours of Listing 5-4 (it sleeps on its channel), ours of
//! Listing 5-11 (it sleeps in its reactor, so wakers also notify the
//! poller), Tokio's `current_thread` runtime without and with its I/O and
//! time drivers, and Tokio's `multi_thread` runtime with two workers and no
//! drivers. It prints the median wall time of several runs, the time per
//! operation, the ratio to Tokio's `current_thread`, and the allocations
//! per operation. Every executor allocates through the same allocator,
//! mimalloc (see `allocator`). Run it in release mode with
//! `ci/bench-executor.sh`.

mod allocator;
mod executor;

use std::fmt::Write as _;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};
use tokio::runtime::Builder;

// ANCHOR: spawn
/// What a workload needs from an executor: a way to start a task.
trait Spawn {
    fn spawn_task(&self, future: impl Future<Output = ()> + Send + 'static);
}

impl Spawn for executor::Spawner {
    fn spawn_task(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.spawn(future);
    }
}

impl Spawn for listing_05_11::executor::Spawner {
    fn spawn_task(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.spawn(future);
    }
}

/// Spawns on the Tokio runtime whose `block_on` we are inside. The
/// `JoinHandle` is dropped: the task runs on, detached, like ours.
struct TokioSpawner;

impl Spawn for TokioSpawner {
    fn spawn_task(&self, future: impl Future<Output = ()> + Send + 'static) {
        drop(tokio::spawn(future));
    }
}
// ANCHOR_END: spawn

/// Returns `Pending` once, after waking its own task: the task goes to the
/// back of the run queue, and every other ready task runs first.
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// A channel that holds one value at a time: `send` puts the value in the
/// slot and wakes the receiver, whose waker the slot keeps.
struct Slot<T> {
    state: Mutex<(Option<T>, Option<Waker>)>,
}

impl<T> Slot<T> {
    fn new() -> Arc<Slot<T>> {
        Arc::new(Slot {
            state: Mutex::new((None, None)),
        })
    }

    fn send(&self, value: T) {
        let waker = {
            let mut state = self.state.lock().unwrap();
            assert!(state.0.is_none(), "a ping-pong slot holds one value");
            state.0 = Some(value);
            state.1.take()
        };
        // Wake outside the lock: the woken task may run on another thread
        // at once, and its first act is to take this same lock.
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    async fn recv(&self) -> T {
        poll_fn(|cx| {
            let mut state = self.state.lock().unwrap();
            match state.0.take() {
                Some(value) => Poll::Ready(value),
                None => {
                    // Check and register under one lock, or a send in
                    // between would wake no one.
                    state.1 = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

/// Counts the workload's tasks down to zero; `wait` is ready at zero. The
/// Tokio runs wait on it inside `block_on`; our executor's `run` returns by
/// itself when every task is done, but its tasks count down all the same,
/// so that every executor runs exactly the same task code.
struct Done {
    left: AtomicUsize,
    waiter: Mutex<Option<Waker>>,
}

impl Done {
    fn new(tasks: usize) -> Arc<Done> {
        Arc::new(Done {
            left: AtomicUsize::new(tasks),
            waiter: Mutex::new(None),
        })
    }

    fn count_down(&self) {
        if self.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            // The last task. Taking the lock orders this after a `wait`
            // that found tasks left and stored its waker.
            let waker = self.waiter.lock().unwrap().take();
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }

    async fn wait(&self) {
        poll_fn(|cx| {
            let mut waiter = self.waiter.lock().unwrap();
            if self.left.load(Ordering::Acquire) == 0 {
                return Poll::Ready(());
            }
            *waiter = Some(cx.waker().clone());
            Poll::Pending
        })
        .await
    }
}

/// One of the three workloads, with its size.
#[derive(Clone, Copy, Debug)]
enum Workload {
    Spawn { tasks: usize },
    Yield { tasks: usize, yields: usize },
    PingPong { pairs: usize, round_trips: usize },
}

impl Workload {
    /// How many tasks it spawns.
    fn tasks(self) -> usize {
        match self {
            Workload::Spawn { tasks } | Workload::Yield { tasks, .. } => tasks,
            Workload::PingPong { pairs, .. } => 2 * pairs,
        }
    }

    /// The sum the tasks add up, if every task ran to the end.
    fn expected_total(self) -> u64 {
        match self {
            Workload::Spawn { tasks } => tasks as u64,
            Workload::Yield { tasks, yields } => (tasks * yields) as u64,
            Workload::PingPong { pairs, round_trips } => {
                (pairs * round_trips) as u64
            }
        }
    }

    /// The operations the time is divided by, and what one is.
    fn ops(self) -> (u64, &'static str) {
        match self {
            Workload::Spawn { tasks } => (tasks as u64, "task"),
            // A task that yields n times is polled n + 1 times.
            Workload::Yield { tasks, yields } => {
                ((tasks * (yields + 1)) as u64, "poll")
            }
            Workload::PingPong { pairs, round_trips } => {
                ((2 * pairs * round_trips) as u64, "message")
            }
        }
    }

    /// A short name for the table, with the size in thousands.
    fn describe(self) -> String {
        let k = |n: usize| format!("{}k", n as f64 / 1000.0);
        match self {
            Workload::Spawn { tasks } => format!("spawn {}", k(tasks)),
            Workload::Yield { tasks, yields } => {
                format!("yield {} x {}", k(tasks), k(yields))
            }
            Workload::PingPong { pairs, round_trips } => {
                format!("ping-pong {} x {round_trips}", k(pairs))
            }
        }
    }

    /// Spawns the workload's tasks. Each adds its share to `total` and
    /// counts `done` down as it ends.
    fn spawn_all(
        self,
        spawner: &impl Spawn,
        total: &Arc<AtomicU64>,
        done: &Arc<Done>,
    ) {
        match self {
            Workload::Spawn { tasks } => {
                for _ in 0..tasks {
                    let (total, done) = (Arc::clone(total), Arc::clone(done));
                    spawner.spawn_task(async move {
                        total.fetch_add(1, Ordering::Relaxed);
                        done.count_down();
                    });
                }
            }
            Workload::Yield { tasks, yields } => {
                for _ in 0..tasks {
                    let (total, done) = (Arc::clone(total), Arc::clone(done));
                    spawner.spawn_task(async move {
                        for _ in 0..yields {
                            yield_now().await;
                        }
                        total.fetch_add(yields as u64, Ordering::Relaxed);
                        done.count_down();
                    });
                }
            }
            Workload::PingPong { pairs, round_trips } => {
                for _ in 0..pairs {
                    let (to_pong, to_ping) = (Slot::new(), Slot::new());
                    let (pong_in, pong_out) =
                        (Arc::clone(&to_pong), Arc::clone(&to_ping));
                    let done_pong = Arc::clone(done);
                    spawner.spawn_task(async move {
                        for _ in 0..round_trips {
                            let n: u64 = pong_in.recv().await;
                            pong_out.send(n + 1);
                        }
                        done_pong.count_down();
                    });
                    let (total, done) = (Arc::clone(total), Arc::clone(done));
                    spawner.spawn_task(async move {
                        let mut answered = 0;
                        for n in 0..round_trips as u64 {
                            to_pong.send(n);
                            if to_ping.recv().await == n + 1 {
                                answered += 1;
                            }
                        }
                        total.fetch_add(answered, Ordering::Relaxed);
                        done.count_down();
                    });
                }
            }
        }
    }
}

/// The executors under test.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Executor {
    Ours,
    OursWithReactor,
    TokioCurrentThread,
    TokioCurrentThreadDrivers,
    TokioMultiThread2,
}

const EXECUTORS: [Executor; 5] = [
    Executor::Ours,
    Executor::OursWithReactor,
    Executor::TokioCurrentThread,
    Executor::TokioCurrentThreadDrivers,
    Executor::TokioMultiThread2,
];

impl Executor {
    fn name(self) -> &'static str {
        match self {
            Executor::Ours => "ours (5-4)",
            Executor::OursWithReactor => "ours, reactor (5-11)",
            Executor::TokioCurrentThread => "tokio current_thread",
            Executor::TokioCurrentThreadDrivers => {
                "tokio current_thread, drivers"
            }
            Executor::TokioMultiThread2 => "tokio multi_thread (2)",
        }
    }
}

// ANCHOR: run_once
/// Runs `workload` once on `executor`: the wall time from the first spawn
/// to the last task's end, and the total the tasks added up.
fn run_once(executor: Executor, workload: Workload) -> (Duration, u64) {
    let (total, done) =
        (Arc::new(AtomicU64::new(0)), Done::new(workload.tasks()));
    let elapsed = match executor {
        Executor::Ours => {
            let (executor, spawner) = executor::executor_and_spawner();
            let clock = Clock::start();
            workload.spawn_all(&spawner, &total, &done);
            drop(spawner);
            executor.run(); // returns when every task is done
            clock.stop()
        }
        Executor::OursWithReactor => {
            let executor =
                listing_05_11::executor::Executor::new().expect("a poller");
            let clock = Clock::start();
            workload.spawn_all(&executor.spawner(), &total, &done);
            executor.run().expect("the reactor failed");
            clock.stop()
        }
        tokio => run_on_tokio(tokio_runtime(tokio), workload, &total, &done),
    };
    (elapsed, total.load(Ordering::Relaxed))
}
// ANCHOR_END: run_once

// ANCHOR: tokio
/// Builds the Tokio runtime `executor` names.
fn tokio_runtime(executor: Executor) -> tokio::runtime::Runtime {
    let mut builder = match executor {
        Executor::TokioMultiThread2 => Builder::new_multi_thread(),
        _ => Builder::new_current_thread(),
    };
    if executor == Executor::TokioCurrentThreadDrivers {
        builder.enable_io(); // the I/O driver: the thread parks in epoll
        builder.enable_time(); // the time driver: a timer wheel
    }
    // Neither driver otherwise: the threads park on a condition variable,
    // as ours of Listing 5-4 parks on its channel. (`worker_threads` has no
    // effect on a `current_thread` runtime.)
    builder.worker_threads(2).build().expect("a Tokio runtime")
}
// ANCHOR_END: tokio

/// Times one run on `runtime`; building and dropping it are not timed.
fn run_on_tokio(
    runtime: tokio::runtime::Runtime,
    workload: Workload,
    total: &Arc<AtomicU64>,
    done: &Arc<Done>,
) -> Duration {
    let clock = Clock::start();
    runtime.block_on(async {
        workload.spawn_all(&TokioSpawner, total, done);
        done.wait().await;
    });
    clock.stop()
}

/// Whether the runs starting now count their allocations (and are not
/// timed, since counting costs time), or are timed (and count nothing).
static COUNT_ALLOCATIONS: AtomicBool = AtomicBool::new(false);

/// The span of a run: wall time and page faults, or in a counting run,
/// allocations.
struct Clock {
    start: Instant,
    faults: Option<u64>,
}

impl Clock {
    fn start() -> Clock {
        if COUNT_ALLOCATIONS.load(Ordering::SeqCst) {
            allocator::start();
        }
        let faults = minor_faults();
        Clock {
            start: Instant::now(),
            faults,
        }
    }

    fn stop(self) -> Duration {
        let elapsed = self.start.elapsed();
        let faults = self.faults.zip(minor_faults()).map(|(a, b)| b - a);
        LAST_FAULTS.store(faults.unwrap_or(u64::MAX), Ordering::SeqCst);
        if COUNT_ALLOCATIONS.load(Ordering::SeqCst) {
            *LAST_COUNT.lock().unwrap() = allocator::stop();
        }
        elapsed
    }
}

/// The page faults of the last run, `u64::MAX` if unknown.
static LAST_FAULTS: AtomicU64 = AtomicU64::new(u64::MAX);

/// The minor page faults of this process so far, on every thread: each is
/// the kernel mapping in a page that the process touched for the first
/// time, or again after handing it back. Linux only (`/proc/self/stat`).
fn minor_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: state,
    // ppid, pgrp, session, tty_nr, tpgid, flags, minflt.
    let (_, fields) = stat.rsplit_once(')')?;
    fields.split_whitespace().nth(7)?.parse().ok()
}

/// What the last counting run counted.
static LAST_COUNT: Mutex<allocator::Allocations> =
    Mutex::new(allocator::Allocations { count: 0, bytes: 0 });

/// Runs `workload` once on `executor`, counting its allocations, untimed.
fn count_allocations(
    executor: Executor,
    workload: Workload,
) -> allocator::Allocations {
    COUNT_ALLOCATIONS.store(true, Ordering::SeqCst);
    let (_, total) = run_once(executor, workload);
    COUNT_ALLOCATIONS.store(false, Ordering::SeqCst);
    assert_eq!(total, workload.expected_total(), "{executor:?} lost work");
    *LAST_COUNT.lock().unwrap()
}

/// The median of some durations (the mean of the middle two if even).
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    let middle = times.len() / 2;
    if times.len() % 2 == 1 {
        times[middle]
    } else {
        (times[middle - 1] + times[middle]) / 2
    }
}

/// The one-, five- and fifteen-minute load averages, where Linux says them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|line| {
            line.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

fn millis(time: Duration) -> String {
    format!("{:.2}", time.as_secs_f64() * 1e3)
}

const USAGE: &str = "\
usage: executor-bench [--runs N] [--workload spawn|yield|ping-pong]
          [--executor ours|ours-reactor|current-thread|current-thread-drivers
                      |multi-thread]
  --runs N      measured runs per cell, N >= 1 (default 5); the median is shown
  --workload    run only this workload (default: all three)
  --executor    run only on this executor (default: all five)";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
struct Options {
    runs: usize,
    workload: Option<String>,
    executor: Option<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            runs: 5,
            workload: None,
            executor: None,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let Some(value) = args.next() else {
                return Err(format!("{flag} needs a value"));
            };
            match flag.as_str() {
                "--runs" => match value.parse() {
                    Ok(runs) if runs >= 1 => options.runs = runs,
                    _ => {
                        return Err(format!(
                            "--runs takes a whole number of at least 1, not {value:?}"
                        ));
                    }
                },
                "--workload" if workload_key(value).is_some() => {
                    options.workload = Some(value.clone());
                }
                "--executor" if executor_key(value).is_some() => {
                    options.executor = Some(value.clone());
                }
                "--workload" | "--executor" => {
                    return Err(format!("unknown {flag} {value:?}"));
                }
                _ => return Err(format!("unknown option {flag:?}")),
            }
        }
        Ok(options)
    }

    /// The command line that reproduces this run.
    fn command(&self) -> String {
        let features = if cfg!(feature = "system-allocator") {
            " --features system-allocator"
        } else {
            ""
        };
        let mut command = format!(
            "cargo run --release -p executor-bench{features} -- --runs {}",
            self.runs
        );
        if let Some(workload) = &self.workload {
            command += &format!(" --workload {workload}");
        }
        if let Some(executor) = &self.executor {
            command += &format!(" --executor {executor}");
        }
        command
    }
}

/// The index in `WORKLOADS` of a workload's command-line name.
fn workload_key(name: &str) -> Option<usize> {
    ["spawn", "yield", "ping-pong"]
        .iter()
        .position(|n| *n == name)
}

/// The index in `EXECUTORS` of an executor's command-line name.
fn executor_key(name: &str) -> Option<usize> {
    [
        "ours",
        "ours-reactor",
        "current-thread",
        "current-thread-drivers",
        "multi-thread",
    ]
    .iter()
    .position(|n| *n == name)
}

/// The workloads at the sizes the chapter reports.
const WORKLOADS: [Workload; 3] = [
    Workload::Spawn { tasks: 100_000 },
    Workload::Yield {
        tasks: 1_000,
        yields: 1_000,
    },
    Workload::PingPong {
        pairs: 1_000,
        round_trips: 100,
    },
];

/// Times `workload` on each of `executors`, `runs` times after a warm-up,
/// and adds a row per executor to `table`.
fn measure(
    workload: Workload,
    executors: &[Executor],
    runs: usize,
    table: &mut String,
) {
    for &executor in executors {
        run_once(executor, workload); // warm-up: allocator, threads, caches
    }
    // Rounds go through the executors in turn, so that a change in the
    // machine's load falls on all of them alike.
    let mut times = vec![Vec::with_capacity(runs); executors.len()];
    let mut faults = vec![Vec::with_capacity(runs); executors.len()];
    for _ in 0..runs {
        for ((&executor, times), faults) in
            executors.iter().zip(&mut times).zip(&mut faults)
        {
            let (time, total) = run_once(executor, workload);
            assert_eq!(
                total,
                workload.expected_total(),
                "{executor:?} lost work"
            );
            times.push(time);
            faults.push(LAST_FAULTS.load(Ordering::SeqCst));
        }
    }
    let medians: Vec<Duration> = times.iter_mut().map(|t| median(t)).collect();
    let faults: Vec<String> = faults
        .iter_mut()
        .map(|f| {
            f.sort();
            match f[f.len() / 2] {
                u64::MAX => "-".to_string(),
                median => median.to_string(),
            }
        })
        .collect();
    let counts: Vec<allocator::Allocations> = executors
        .iter()
        .map(|&executor| count_allocations(executor, workload))
        .collect();
    let baseline = executors
        .iter()
        .position(|&e| e == Executor::TokioCurrentThread)
        .map(|i| medians[i].as_secs_f64());
    let (ops, unit) = workload.ops();
    for ((((executor, median), times), counts), faults) in executors
        .iter()
        .zip(&medians)
        .zip(&times)
        .zip(&counts)
        .zip(&faults)
    {
        let per_op = median.as_secs_f64() * 1e9 / ops as f64;
        let ratio = baseline.map_or("-".into(), |b| {
            format!("{:.2}x", median.as_secs_f64() / b)
        });
        let _ = writeln!(
            table,
            "| {} | {} | {} | {per_op:.0} ns/{unit} | {ratio} | {}-{} | {:.2} | {:.0} | {faults} |",
            workload.describe(),
            executor.name(),
            millis(*median),
            millis(times[0]),
            millis(times[times.len() - 1]),
            counts.count as f64 / ops as f64,
            counts.bytes as f64 / ops as f64,
        );
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match Options::parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("executor-bench: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let workloads = match options.workload.as_deref().and_then(workload_key) {
        Some(i) => vec![WORKLOADS[i]],
        None => WORKLOADS.to_vec(),
    };
    let executors = match options.executor.as_deref().and_then(executor_key) {
        Some(i) => vec![EXECUTORS[i]],
        None => EXECUTORS.to_vec(),
    };

    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let build = if cfg!(debug_assertions) {
        "DEBUG build: the numbers mean little, use --release"
    } else {
        "release build"
    };
    println!("$ {}", options.command());
    println!(
        "{build}; {cpus} CPUs; load average {} at the start",
        load_average()
    );
    println!(
        "median of {} runs, after one warm-up run of each cell; range = \
         fastest-slowest run; ratio = wall / tokio current_thread's wall",
        options.runs
    );
    println!(
        "spawn: tasks done at their first poll; yield: tasks x yields each; \
         ping-pong: pairs x round trips each; (2) = 2 worker threads; \
         drivers = Tokio's I/O and time drivers enabled (enable_io, \
         enable_time), otherwise neither is"
    );
    println!(
        "allocator: {}; allocations per op counted in one more, untimed run \
         of each cell (a realloc counts as one); page faults per run: the \
         median of the timed runs' minor faults, the process's pages mapped in",
        allocator::NAME
    );
    println!();
    let mut table = String::from(
        "| workload | executor | wall (ms) | per op | vs current_thread | range (ms) | allocations per op | bytes per op | page faults per run |\n\
         |---|---|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for workload in workloads {
        measure(workload, &executors, options.runs, &mut table);
    }
    print!("{table}");
    println!();
    println!("load average {} at the end", load_average());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held by the tests that run workloads: a counting run turns counting
    /// on for every run that starts meanwhile, on any thread.
    static RUNS_WORKLOADS: Mutex<()> = Mutex::new(());

    #[test]
    fn the_allocator_counts_between_start_and_stop_only() {
        let _guard = RUNS_WORKLOADS.lock().unwrap_or_else(|p| p.into_inner());
        allocator::start();
        let block = std::hint::black_box(vec![0u8; 4096]);
        let counted = allocator::stop();
        drop(block);
        assert!(counted.count >= 1, "{counted:?}");
        assert!(counted.bytes >= 4096, "{counted:?}");
        let after = std::hint::black_box(vec![0u8; 4096]);
        drop(after);
        assert_eq!(allocator::stop(), counted, "counted after stop");
    }

    #[test]
    fn every_task_spawned_costs_at_least_one_allocation_everywhere() {
        let _guard = RUNS_WORKLOADS.lock().unwrap_or_else(|p| p.into_inner());
        let workload = Workload::Spawn { tasks: 1000 };
        for executor in EXECUTORS {
            let counted = count_allocations(executor, workload);
            // Ours box the future and allocate the task; Tokio allocates
            // both in one block.
            let least = match executor {
                Executor::Ours | Executor::OursWithReactor => 2000,
                _ => 1000,
            };
            assert!(counted.count >= least, "{executor:?}: {counted:?}");
        }
        // A timed run counts nothing.
        let before = allocator::stop();
        run_once(Executor::Ours, workload);
        assert_eq!(allocator::stop(), before);
    }

    /// Every workload, at a small size, adds up to what it should on every
    /// executor: no task is lost, none runs twice, and each run ends.
    #[test]
    fn every_workload_computes_its_total_on_every_executor() {
        let _guard = RUNS_WORKLOADS.lock().unwrap_or_else(|p| p.into_inner());
        let small = [
            Workload::Spawn { tasks: 100 },
            Workload::Yield {
                tasks: 10,
                yields: 20,
            },
            Workload::PingPong {
                pairs: 10,
                round_trips: 5,
            },
        ];
        for workload in small {
            for executor in EXECUTORS {
                // On a thread, with a time limit: a lost wake-up hangs a
                // run, and should fail the test instead.
                let (done_tx, done_rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let _ = done_tx.send(run_once(executor, workload));
                });
                let (_, total) = done_rx
                    .recv_timeout(Duration::from_secs(10))
                    .unwrap_or_else(|_| {
                        panic!("{workload:?} on {executor:?} did not end")
                    });
                assert_eq!(
                    total,
                    workload.expected_total(),
                    "{workload:?} on {executor:?}"
                );
            }
        }
    }

    #[test]
    fn the_yield_workload_polls_each_task_once_per_yield_and_once_more() {
        // Count polls on our executor by hand: a task with 3 yields is
        // polled 4 times, which is what `ops` divides by.
        struct CountPolls<F>(Pin<Box<F>>, Arc<AtomicU64>);
        impl<F: Future> Future for CountPolls<F> {
            type Output = F::Output;
            fn poll(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
            ) -> Poll<F::Output> {
                self.1.fetch_add(1, Ordering::Relaxed);
                self.0.as_mut().poll(cx)
            }
        }
        let polls = Arc::new(AtomicU64::new(0));
        let (executor, spawner) = executor::executor_and_spawner();
        spawner.spawn(CountPolls(
            Box::pin(async {
                for _ in 0..3 {
                    yield_now().await;
                }
            }),
            Arc::clone(&polls),
        ));
        drop(spawner);
        executor.run();
        let workload = Workload::Yield {
            tasks: 1,
            yields: 3,
        };
        assert_eq!(polls.load(Ordering::Relaxed), workload.ops().0);
    }

    #[test]
    fn done_is_ready_only_when_every_task_has_counted_down() {
        let done = Done::new(2);
        let mut wait = Box::pin(done.wait());
        let mut cx = Context::from_waker(Waker::noop());
        assert!(wait.as_mut().poll(&mut cx).is_pending());
        done.count_down();
        assert!(wait.as_mut().poll(&mut cx).is_pending());
        done.count_down();
        assert!(wait.as_mut().poll(&mut cx).is_ready());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn page_faults_are_counted() {
        let before = minor_faults().expect("Linux has /proc/self/stat");
        // Touch 32 fresh pages of a new mapping, 2 MiB apart, so that each
        // faults in once even where the kernel maps 2 MiB pages at once.
        let mut pages =
            std::hint::black_box(Vec::<u8>::with_capacity(64 << 20));
        for i in (0..64 << 20).step_by(2 << 20) {
            pages.spare_capacity_mut()[i].write(1);
        }
        let after = minor_faults().unwrap();
        std::hint::black_box(&pages);
        assert!(after - before >= 32, "{before} -> {after}");
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let ms = Duration::from_millis;
        assert_eq!(median(&mut [ms(9), ms(1), ms(5)]), ms(5));
        assert_eq!(median(&mut [ms(4), ms(1), ms(2), ms(9)]), ms(3));
    }

    #[test]
    fn bad_arguments_get_a_message_not_a_panic() {
        let parse = |s: &str| {
            let args: Vec<String> =
                s.split_whitespace().map(String::from).collect();
            Options::parse(&args)
        };
        let options = parse("").unwrap();
        assert_eq!(
            (options.runs, options.workload, options.executor),
            (5, None, None)
        );
        let options =
            parse("--runs 3 --workload yield --executor ours").unwrap();
        let features = if cfg!(feature = "system-allocator") {
            " --features system-allocator"
        } else {
            ""
        };
        assert_eq!(
            options.command(),
            format!(
                "cargo run --release -p executor-bench{features} -- --runs 3 --workload yield --executor ours"
            )
        );
        let error = |s: &str| parse(s).unwrap_err();
        assert!(error("--runs 0").contains("at least 1"));
        assert!(error("--runs x").contains("\"x\""));
        assert!(error("--runs").contains("needs a value"));
        assert!(
            error("--workload sleep").contains("unknown --workload \"sleep\"")
        );
        assert!(
            error("--executor smol").contains("unknown --executor \"smol\"")
        );
        assert!(error("--fast 1").contains("unknown option \"--fast\""));
    }
}
