//! Tokio's sockets and timers need Tokio's driver, whichever executor
//! polls them. `futures::executor::block_on` polls a Tokio future well
//! enough, but outside a runtime's context the socket finds no driver and
//! panics. Run with `no-runtime` to see it; without arguments, the program
//! enters a multi-thread runtime's context first.

use std::io;

use listing_15_04::{shout, start};
use tokio::runtime::Builder;

// ANCHOR: main
fn main() -> io::Result<()> {
    set_panic_hook();
    let runtime = Builder::new_multi_thread().enable_all().build()?;
    let addr = runtime.block_on(start())?;
    let no_runtime = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("no-runtime") => true,
        Some(other) => usage(other),
    };
    let _context = (!no_runtime).then(|| runtime.enter());
    println!("futures::executor::block_on(shout(..)):");
    let answer = futures::executor::block_on(shout(addr, "borrowed"))?;
    println!("{answer}");
    Ok(())
}
// ANCHOR_END: main

/// Refuses an argument the program does not know, with exit status 2.
fn usage(other: &str) -> ! {
    eprintln!("unknown argument {other:?}; try `no-runtime`");
    std::process::exit(2);
}

/// The standard hook names the thread's id, which changes from run to
/// run; this one prints the same location and message without it.
fn set_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        let at = info.location().expect("panics carry a location");
        eprintln!("panicked at {at}:\n{message}");
    }));
}
