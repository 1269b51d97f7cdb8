//! What chapter 6 adds to the executor and reactor of Listing 5-11, which
//! it uses as they are:
//!
//! - [`block_on`]: run one future to its end on a new executor, and hand
//!   back its output (chapter 5's `spawn` takes only `()` futures).
//! - [`sleep`] and [`timeout`]: chapter 5's reactor has no timers, so
//!   ours are the timer threads of Listing 5-2, with one fix: a dropped
//!   timer lets go of its waker.
//! - [`UdpSocket`]: a non-blocking UDP socket on the reactor, built like
//!   chapter 5's `Async<TcpStream>`.
//! - [`yield_now`]: let the other tasks run, as in Exercise 5-1.

mod timer;
mod udp;

pub use timer::{Elapsed, Sleep, sleep, timeout};
pub use udp::UdpSocket;

pub use listing_05_11::executor::{Executor, Spawner};
pub use listing_05_11::reactor::Reactor;

use std::future::{Future, poll_fn};
use std::io;
use std::sync::{Arc, Mutex};
use std::task::Poll;

// ANCHOR: block_on
/// Runs `future` on a new executor, with everything it spawns, and
/// returns its output. Like `asyncio.run`, it is the way in from `main`.
pub fn block_on<T: Send + 'static>(
    future: impl Future<Output = T> + Send + 'static,
) -> io::Result<T> {
    let executor = Executor::new()?;
    let slot = Arc::new(Mutex::new(None));
    let output = Arc::clone(&slot);
    executor.spawner().spawn(async move {
        let value = future.await;
        *output.lock().unwrap() = Some(value);
    });
    executor.run()?; // until every task is done
    let value = slot.lock().unwrap().take();
    Ok(value.expect("run returns only when every task is done"))
}
// ANCHOR_END: block_on

/// Pending once, after waking its own task: every other ready task runs
/// before this one goes on, like `await asyncio.sleep(0)` (Exercise 5-1).
pub async fn yield_now() {
    let mut yielded = false;
    poll_fn(|cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await
}
