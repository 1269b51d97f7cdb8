//! The job server's command line.

use anyhow::Context;
use clap::Parser;
use listing_13_04::{Journal, run};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::time::sleep;

/// A job server that finishes what it acknowledged before it exits.
#[derive(Parser)]
struct Args {
    /// The file where finished jobs are recorded.
    #[arg(long)]
    journal: PathBuf,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 2424)]
    port: u16,
    /// How long jobs in flight may run on after Ctrl-C, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    grace_ms: u64,
}

/// The exit status when the grace period ran out and work was cancelled:
/// not 1 (an error) nor 2 (a bad command line, from clap).
const CANCELLED_WORK: u8 = 3;

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let journal = Journal::open(&args.journal).with_context(|| {
        format!("cannot open the journal {}", args.journal.display())
    })?;
    let address = ("127.0.0.1", args.port);
    let listener = TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on port {}", args.port))?;
    // ANCHOR: main
    let shutdown = ctrl_c(); // caught from here on, before we announce
    println!("listening on {}", listener.local_addr()?);
    // The grace period begins when `run` first polls it, at the shutdown;
    // a second Ctrl-C ends it at once.
    let grace = async {
        tokio::select! {
            () = sleep(Duration::from_millis(args.grace_ms)) => {}
            () = ctrl_c() => eprintln!("Ctrl-C again: no more waiting"),
        }
    };
    match run(listener, Arc::new(journal), shutdown, grace).await {
        0 => {
            eprintln!("every job finished; goodbye");
            Ok(ExitCode::SUCCESS)
        }
        n => {
            eprintln!("grace period over: cancelled {n} unfinished job(s)");
            Ok(ExitCode::from(CANCELLED_WORK))
        }
    }
}
// ANCHOR_END: main

/// Completes at the next Ctrl-C after this call: the handler is installed
/// when `ctrl_c` is called, not when the future is first polled, as it is
/// with `tokio::signal::ctrl_c`. Never completes where signals cannot be
/// caught.
fn ctrl_c() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let signal = tokio::signal::unix::signal(
        tokio::signal::unix::SignalKind::interrupt(),
    );
    #[cfg(windows)]
    let signal = tokio::signal::windows::ctrl_c();
    async move {
        if let Ok(mut signal) = signal
            && signal.recv().await.is_some()
        {
            return;
        }
        std::future::pending().await
    }
}
