//! Threads that the runtime did not start, calling into it through a
//! `Handle`: `block_on` runs the future on the calling thread, `spawn`
//! runs it on one of the runtime's workers. Each future names the thread
//! it ran on. Run with `current-thread` to see a current-thread runtime
//! leave such a thread waiting.

use std::io;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use listing_15_04::{shout, start};
use tokio::runtime::{Builder, Handle};

/// Shouts `word`, and says which thread the future ran on.
async fn shout_from(addr: SocketAddr, word: &str) -> io::Result<String> {
    let answer = shout(addr, word).await?;
    let thread = thread::current().name().unwrap_or("unnamed").to_string();
    Ok(format!("{answer} (polled on {thread})"))
}

// ANCHOR: block_on
/// A thread of our own, named `name`, that blocks on a future through the
/// runtime's handle.
fn ask_from_thread(handle: &Handle, addr: SocketAddr, name: &str) -> String {
    let handle = handle.clone();
    let word = name.to_string();
    let thread = thread::Builder::new().name(name.to_string());
    let asking = thread.spawn(move || handle.block_on(shout_from(addr, &word)));
    let answer = asking.expect("a thread").join().expect("no panic");
    answer.unwrap_or_else(|e| format!("error: {e}"))
}
// ANCHOR_END: block_on

// ANCHOR: spawn
/// Hands the future to the runtime and waits for its answer, at most
/// `patience`, on a std channel: `run_coroutine_threadsafe` and
/// `.result(timeout)` in asyncio's words.
fn post(handle: &Handle, addr: SocketAddr, patience: Duration) -> String {
    let (tx, rx) = mpsc::channel();
    handle.spawn(async move {
        let _ = tx.send(shout_from(addr, "posted").await);
    });
    match rx.recv_timeout(patience) {
        Ok(answer) => answer.unwrap_or_else(|e| format!("error: {e}")),
        Err(_) => format!("no answer in {patience:?}"),
    }
}
// ANCHOR_END: spawn

// ANCHOR: main
fn main() -> io::Result<()> {
    let current = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("current-thread") => true,
        Some(other) => usage(other),
    };
    let runtime = if current {
        Builder::new_current_thread().enable_all().build()?
    } else {
        Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?
    };
    let addr = runtime.block_on(start())?;
    let handle = runtime.handle();
    if current {
        // Nobody is inside runtime.block_on now: no thread drives it.
        println!("{}", post(handle, addr, Duration::from_secs(1)));
        return Ok(());
    }
    println!("{}", ask_from_thread(handle, addr, "left"));
    println!("{}", ask_from_thread(handle, addr, "right"));
    println!("{}", post(handle, addr, Duration::from_secs(10)));
    Ok(())
}
// ANCHOR_END: main

/// Refuses an argument the program does not know, with exit status 2.
fn usage(other: &str) -> ! {
    eprintln!("unknown argument {other:?}; try `current-thread`");
    std::process::exit(2);
}
