//! A timer is part of a runtime. smol's `Timer` is driven by async-io's
//! own thread, so any executor can await it; Tokio's `sleep` is driven by
//! the Tokio runtime it was created in, and there is none under smol.

use std::time::Duration;

// ANCHOR: timers
fn main() {
    quiet_panics();
    let pause = Duration::from_millis(10);
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    tokio.block_on(smol::Timer::after(pause));
    println!("smol's timer under Tokio: fine");
    futures::executor::block_on(smol::Timer::after(pause));
    println!("smol's timer under futures::executor: fine");
    smol::block_on(tokio::time::sleep(pause));
    println!("Tokio's timer under smol: never printed");
}
// ANCHOR_END: timers

/// Prints a panic's message and place without the thread id that the
/// default message carries, which changes from run to run.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        let place = info.location().map(|l| l.to_string());
        println!("panicked at {}:", place.unwrap_or_default());
        println!("{message}");
    }));
}
