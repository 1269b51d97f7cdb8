//! An echo server written with `async fn`, on an executor and a reactor
//! written by hand.
//!
//! - [`reactor`]: one `polling::Poller` and, for every socket, the wakers
//!   of the tasks waiting for it. Readiness becomes a wake-up.
//! - [`net`]: `Async<T>`, a non-blocking socket whose `accept`, `read` and
//!   `write` are `async fn`s that wait on the reactor when the socket would
//!   block.
//! - [`executor`]: the executor of Listing 5-4, which now sleeps in the
//!   reactor instead of on its channel when no task is ready.
//! - [`shutdown`]: a signal that another thread fires to stop the server.
//!
//! Errors are `std::io::Error` throughout; a server that grew would want an
//! error type of its own.
//!
//! Built with `--cfg loom` (ci/loom.sh), the crate is only the executor, on
//! a model of the reactor's poller, and the loom tests of its protocol.

pub mod executor;
#[cfg(not(loom))]
pub mod net;
#[cfg(not(loom))]
pub mod reactor;
#[cfg(loom)]
#[path = "reactor_model.rs"]
pub mod reactor;
pub mod shutdown;

#[cfg(all(test, loom))]
mod loom_tests;

#[cfg(not(loom))]
use std::{future::Future, io, net::TcpStream, pin::Pin};
#[cfg(not(loom))]
use std::{
    task::{Context, Poll},
    thread,
    time::Duration,
};
#[cfg(not(loom))]
use {executor::Spawner, net::Async, shutdown::Shutdown};

#[cfg(not(loom))]
// ANCHOR: run
/// Accepts connections until `shutdown` fires; each connection becomes a
/// task of its own. Connections already open run on until their client
/// hangs up.
pub async fn run(
    listener: Async<std::net::TcpListener>,
    spawner: Spawner,
    shutdown: Shutdown,
) -> io::Result<()> {
    loop {
        let accepted = match first(listener.accept(), shutdown.wait()).await {
            Some(accepted) => accepted,
            None => return Ok(()), // shut down
        };
        match accepted {
            Ok((stream, peer)) => spawner.spawn(async move {
                if let Err(error) = echo(stream).await {
                    eprintln!("connection from {peer}: {error}");
                }
            }),
            // One failed accept is no reason to stop serving.
            Err(error) => {
                eprintln!("accept: {error}");
                back_off(&error);
            }
        }
    }
}
// ANCHOR_END: run

#[cfg(not(loom))]
// ANCHOR: back_off
/// After a failed accept. A client that gave up costs only itself: go on
/// at once. Anything else, `EMFILE` above all, would fail again at once,
/// since the connection still waits in the backlog: pause first, blocking
/// the whole executor, which has no timers to wait on.
fn back_off(error: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted};
    if !matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | Interrupted
    ) {
        thread::sleep(Duration::from_millis(50));
    }
}
// ANCHOR_END: back_off

#[cfg(not(loom))]
// ANCHOR: echo
/// Sends back everything it reads, until the client closes its side.
pub async fn echo(stream: Async<TcpStream>) -> io::Result<()> {
    let mut buffer = [0; 4096];
    loop {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(()); // the client hung up
        }
        stream.write_all(&buffer[..n]).await?;
    }
}
// ANCHOR_END: echo

/// The `select` of Listing 5-7, cut down: the output of `work` if it
/// finishes first, `None` if `stop` does.
#[cfg(not(loom))]
fn first<W: Future, S: Future<Output = ()>>(work: W, stop: S) -> First<W, S> {
    First {
        work: Box::pin(work),
        stop: Box::pin(stop),
    }
}

#[cfg(not(loom))]
struct First<W, S> {
    work: Pin<Box<W>>,
    stop: Pin<Box<S>>,
}

#[cfg(not(loom))]
impl<W: Future, S: Future<Output = ()>> Future for First<W, S> {
    type Output = Option<W::Output>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Self::Output> {
        if self.stop.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        self.work.as_mut().poll(cx).map(Some)
    }
}
