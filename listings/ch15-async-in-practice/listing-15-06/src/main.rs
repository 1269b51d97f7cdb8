//! A synchronous wrapper that starts a runtime of its own works from
//! synchronous code and panics from async code. Run with `nested` to see
//! the panic; without arguments, the program shows the two ways to call
//! it from async code that work.

use std::io;
use std::net::SocketAddr;

use listing_15_04::{shout, start};

// ANCHOR: wrapper
/// A synchronous function for synchronous callers: it starts a
/// current-thread runtime and blocks on the async function.
fn shout_blocking(addr: SocketAddr, word: &str) -> io::Result<String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(shout(addr, word))
}
// ANCHOR_END: wrapper

// ANCHOR: nested
/// The pitfall: a synchronous call from inside a task.
async fn nested(addr: SocketAddr) -> io::Result<()> {
    println!("calling shout_blocking from async code");
    let answer = shout_blocking(addr, "nested")?;
    println!("not reached: {answer}");
    Ok(())
}
// ANCHOR_END: nested

// ANCHOR: fixed
/// Two ways that work: hand the synchronous call to the blocking pool,
/// whose threads are outside the runtime, or await the async function.
async fn fixed(addr: SocketAddr) -> io::Result<()> {
    let pooled = tokio::task::spawn_blocking(move || {
        shout_blocking(addr, "from the blocking pool")
    });
    println!("{}", pooled.await??);
    println!("{}", shout(addr, "awaited").await?);
    Ok(())
}
// ANCHOR_END: fixed

#[tokio::main]
async fn main() -> io::Result<()> {
    // The standard hook names the thread's id, which changes from run to
    // run; this one prints the same location and message without it.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        let at = info.location().expect("panics carry a location");
        eprintln!("panicked at {at}:\n{message}");
    }));
    let addr = start().await?;
    match std::env::args().nth(1).as_deref() {
        None => fixed(addr).await,
        Some("nested") => nested(addr).await,
        Some(other) => {
            eprintln!("unknown argument {other:?}; try `nested`");
            std::process::exit(2);
        }
    }
}
