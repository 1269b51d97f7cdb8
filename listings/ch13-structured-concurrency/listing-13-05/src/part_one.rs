//! The executor and reactor of Part I (Listing 5-11, with chapter 6's
//! additions) made to run `futures` I/O: an adapter, as `compat` is for
//! Tokio, from our reactor to `AsyncRead` and `AsyncWrite`.

use executor_extras::{Executor, Reactor};
use futures::io::{AsyncRead, AsyncWrite};
use listing_05_11::reactor::Direction;
use std::future::Future;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

// ANCHOR: adapter
/// A non-blocking `TcpStream` watched by chapter 5's reactor.
pub struct PartOneStream {
    socket: TcpStream,
    key: usize,
    reactor: Arc<Reactor>,
}

impl PartOneStream {
    /// Tries `op`; if the socket would block, leaves the waker with the
    /// reactor, which wakes the task when the socket is ready.
    fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        direction: Direction,
        mut op: impl FnMut(&TcpStream) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        match op(&self.socket) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let (key, socket) = (self.key, &self.socket);
                self.reactor.arm(key, socket, direction, cx.waker())?;
                Poll::Pending
            }
            result => Poll::Ready(result),
        }
    }
}
// ANCHOR_END: adapter

impl PartOneStream {
    pub fn new(socket: TcpStream, reactor: &Arc<Reactor>) -> io::Result<Self> {
        socket.set_nonblocking(true)?;
        // SAFETY: `Drop` deregisters the socket before it closes.
        let key = unsafe { reactor.register(&socket)? };
        let reactor = Arc::clone(reactor);
        Ok(PartOneStream {
            socket,
            key,
            reactor,
        })
    }
}

// ANCHOR: traits
impl AsyncRead for PartOneStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buffer: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_io(cx, Direction::Read, |mut s| s.read(buffer))
    }
}

impl AsyncWrite for PartOneStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_io(cx, Direction::Write, |mut s| s.write(bytes))
    }
    // ANCHOR_END: traits

    fn poll_flush(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(())) // a TcpStream has no buffer of its own
    }

    fn poll_close(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<io::Result<()>> {
        Poll::Ready(self.socket.shutdown(Shutdown::Write))
    }
}

impl Drop for PartOneStream {
    fn drop(&mut self) {
        let _ = self.reactor.deregister(self.key, &self.socket);
    }
}

/// Like chapter 6's `block_on`, but hands the future its executor's
/// reactor, which the adapter needs.
pub fn block_on_with_reactor<F, T>(
    make: impl FnOnce(Arc<Reactor>) -> F,
) -> io::Result<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let executor = Executor::new()?;
    let future = make(Arc::clone(executor.reactor()));
    let slot = Arc::new(Mutex::new(None));
    let output = Arc::clone(&slot);
    executor.spawner().spawn(async move {
        *output.lock().unwrap() = Some(future.await);
    });
    executor.run()?;
    let value = slot.lock().unwrap().take();
    Ok(value.expect("run returns only when every task is done"))
}
