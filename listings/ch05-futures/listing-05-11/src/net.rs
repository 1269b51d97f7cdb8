//! `Async<T>`: a non-blocking socket registered with the reactor, whose
//! operations are `async fn`s. Each one tries the system call; if it would
//! block, the task waits on the reactor and tries again when woken.

use crate::reactor::{Direction, Reactor};
use polling::{AsRawSource, AsSource};
use std::future::poll_fn;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::task::Poll;

/// A non-blocking socket driven by the reactor.
pub struct Async<T: AsSource> {
    socket: T,
    key: usize,
    reactor: Arc<Reactor>,
}

impl<T: AsSource> Async<T>
where
    for<'s> &'s T: AsRawSource,
{
    /// Takes a socket that is already in non-blocking mode.
    pub fn new(socket: T, reactor: &Arc<Reactor>) -> io::Result<Async<T>> {
        // SAFETY: `Drop` deregisters the socket before it closes (see there).
        let key = unsafe { reactor.register(&socket)? };
        Ok(Async {
            socket,
            key,
            reactor: Arc::clone(reactor),
        })
    }
}

impl<T: AsSource> Async<T> {
    pub fn get_ref(&self) -> &T {
        &self.socket
    }

    // ANCHOR: ready
    /// Waits until the socket may be ready for `direction`. It may not be:
    /// the caller tries its system call again and, if need be, waits again.
    async fn ready(&self, direction: Direction) -> io::Result<()> {
        let mut armed = false;
        poll_fn(|cx| {
            if armed {
                return Poll::Ready(Ok(())); // woken (or polled): try again
            }
            armed = true;
            let reactor = &self.reactor;
            reactor.arm(self.key, &self.socket, direction, cx.waker())?;
            Poll::Pending
        })
        .await
    }
    // ANCHOR_END: ready

    // ANCHOR: retry
    /// Runs `op` until it does not return `WouldBlock`, waiting on the
    /// reactor in between. Every async operation below is this loop.
    async fn retry<R>(
        &self,
        direction: Direction,
        mut op: impl FnMut(&T) -> io::Result<R>,
    ) -> io::Result<R> {
        loop {
            match op(&self.socket) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.ready(direction).await?;
                }
                result => return result,
            }
        }
    }
    // ANCHOR_END: retry
}

impl<T: AsSource> Drop for Async<T> {
    fn drop(&mut self) {
        // The socket closes next, whatever `delete` answers. That keeps the
        // promise on Linux and the BSDs, where `delete` fails only for a
        // socket the poller does not watch. (Chapter 4's loop, for every
        // platform, leaks a socket it could not delete rather than close it.)
        let _ = self.reactor.deregister(self.key, &self.socket);
    }
}

// ANCHOR: ops
impl Async<TcpListener> {
    pub fn bind(
        addr: impl ToSocketAddrs,
        reactor: &Arc<Reactor>,
    ) -> io::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        Async::new(listener, reactor)
    }

    pub async fn accept(&self) -> io::Result<(Async<TcpStream>, SocketAddr)> {
        let (stream, peer) =
            self.retry(Direction::Read, |l| l.accept()).await?;
        stream.set_nonblocking(true)?; // not inherited from the listener
        Ok((Async::new(stream, &self.reactor)?, peer))
    }
}

// ANCHOR_END: ops

// ANCHOR: stream_ops
impl Async<TcpStream> {
    pub async fn read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        self.retry(Direction::Read, |mut s| s.read(buffer)).await
    }

    pub async fn write(&self, bytes: &[u8]) -> io::Result<usize> {
        self.retry(Direction::Write, |mut s| s.write(bytes)).await
    }

    pub async fn write_all(&self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            match self.write(bytes).await? {
                0 => return Err(io::ErrorKind::WriteZero.into()),
                n => bytes = &bytes[n..],
            }
        }
        Ok(())
    }
}
// ANCHOR_END: stream_ops
