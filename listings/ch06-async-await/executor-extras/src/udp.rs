//! A UDP socket on chapter 5's reactor. Chapter 5's `Async<T>` serves TCP
//! sockets; this is the same idea for UDP: try the system call, and if it
//! says `WouldBlock`, leave a waker with the reactor and try again when
//! woken.

use listing_05_11::reactor::{Direction, Reactor};
use std::future::poll_fn;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::task::Poll;

/// A non-blocking UDP socket registered with the reactor.
pub struct UdpSocket {
    socket: std::net::UdpSocket,
    key: usize,
    reactor: Arc<Reactor>,
}

impl UdpSocket {
    /// Binds a socket and registers it with `reactor`.
    pub fn bind(
        addr: impl ToSocketAddrs,
        reactor: &Arc<Reactor>,
    ) -> io::Result<UdpSocket> {
        let socket = std::net::UdpSocket::bind(addr)?;
        socket.set_nonblocking(true)?;
        // SAFETY: `Drop` deregisters the socket before it is closed.
        let key = unsafe { reactor.register(&socket)? };
        let reactor = Arc::clone(reactor);
        Ok(UdpSocket {
            socket,
            key,
            reactor,
        })
    }

    /// Sends to and receives from `peer` only; other senders are ignored
    /// by the kernel. Connecting a UDP socket sends nothing, so it does not
    /// wait.
    pub fn connect(&self, peer: SocketAddr) -> io::Result<()> {
        self.socket.connect(peer)
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.socket.local_addr()
    }

    // ANCHOR: ops
    pub async fn send(&self, datagram: &[u8]) -> io::Result<usize> {
        self.retry(Direction::Write, |s| s.send(datagram)).await
    }

    /// Receives one datagram; the part that does not fit is discarded.
    pub async fn recv(&self, buffer: &mut [u8]) -> io::Result<usize> {
        self.retry(Direction::Read, |s| s.recv(buffer)).await
    }

    /// Tries `op`; while it would block, waits for the reactor's word.
    async fn retry<R>(
        &self,
        direction: Direction,
        mut op: impl FnMut(&std::net::UdpSocket) -> io::Result<R>,
    ) -> io::Result<R> {
        loop {
            match op(&self.socket) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.ready(direction).await?
                }
                result => return result,
            }
        }
    }
    // ANCHOR_END: ops

    /// Pending once, after arming the reactor; ready when polled again.
    async fn ready(&self, direction: Direction) -> io::Result<()> {
        let mut armed = false;
        poll_fn(|cx| {
            if armed {
                return Poll::Ready(Ok(()));
            }
            armed = true;
            let (key, socket) = (self.key, &self.socket);
            self.reactor.arm(key, socket, direction, cx.waker())?;
            Poll::Pending
        })
        .await
    }
}

impl Drop for UdpSocket {
    fn drop(&mut self) {
        // Nothing useful to do if this fails; the socket closes next.
        let _ = self.reactor.deregister(self.key, &self.socket);
    }
}
