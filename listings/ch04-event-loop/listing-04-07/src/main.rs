//! Listing 4-7's loop with real time: callbacks and timers, no sockets yet.
//! The program prints the order things happen in, never how long they took,
//! so its output is the same on a fast machine and on a busy one.

use std::io;
use std::time::Duration;

use event_loop::EventLoop;

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut el = EventLoop::new()?;
    el.call_later(Duration::from_millis(30), |_| println!("timer: 30 ms"));
    el.call_later(Duration::from_millis(10), |_| println!("timer: 10 ms"));
    el.call_later(Duration::from_millis(20), |_| println!("timer: 20 ms"));
    el.call_soon(|el| {
        println!("call_soon: first pass");
        el.call_soon(|_| println!("call_soon: second pass"));
    });
    el.run()?;
    println!("nothing left to do: run returned");
    Ok(())
}
// ANCHOR_END: main
