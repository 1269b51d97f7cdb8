//! `probe` on our own executor: one DNS query over UDP, on the reactor of
//! chapter 5, with a timeout. [`cli`] holds what the prober's command
//! line and printout share with the Tokio version of chapter 6.

pub mod cli;

use executor_extras::{Elapsed, Reactor, UdpSocket, timeout};
use listing_06_06::{Answer, BadName, ReplyError, parse_reply, query};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

// ANCHOR: resolver
/// Where to send queries, and how long to wait for each reply.
#[derive(Clone)]
pub struct Resolver {
    pub reactor: Arc<Reactor>,
    pub server: SocketAddr,
    pub limit: Duration,
}
// ANCHOR_END: resolver

// ANCHOR: probe
/// Asks `resolver` for the IPv4 addresses of `name`.
pub async fn probe(
    resolver: &Resolver,
    name: &str,
) -> Result<Answer, ProbeError> {
    let packet = query(random_id(), name)?;
    let local = match resolver.server {
        SocketAddr::V4(_) => "0.0.0.0:0",
        SocketAddr::V6(_) => "[::]:0",
    };
    let socket = UdpSocket::bind(local, &resolver.reactor)?;
    socket.connect(resolver.server)?;
    socket.send(&packet).await?;
    let mut reply = [0; 512]; // DNS over UDP without EDNS fits in 512
    let n = timeout(resolver.limit, socket.recv(&mut reply)).await??;
    Ok(parse_reply(&packet, &reply[..n])?)
}
// ANCHOR_END: probe

/// A query id nobody can guess, so that a stranger cannot easily forge a
/// reply. std has no random numbers, but each `RandomState` has fresh
/// random keys, so hashing anything with it gives an unpredictable value.
pub fn random_id() -> u16 {
    RandomState::new().hash_one(()) as u16
}

// ANCHOR: error
/// Everything that can go wrong with one name.
#[derive(Debug)]
pub enum ProbeError {
    BadName(BadName),
    Io(io::Error),
    Timeout(Elapsed),
    Reply(ReplyError),
}
// ANCHOR_END: error

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::BadName(error) => error.fmt(f),
            ProbeError::Io(error) => error.fmt(f),
            ProbeError::Timeout(error) => error.fmt(f),
            ProbeError::Reply(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ProbeError {}

// ANCHOR: from
impl From<io::Error> for ProbeError {
    fn from(error: io::Error) -> ProbeError {
        ProbeError::Io(error)
    }
}
// ANCHOR_END: from

impl From<BadName> for ProbeError {
    fn from(error: BadName) -> ProbeError {
        ProbeError::BadName(error)
    }
}

impl From<Elapsed> for ProbeError {
    fn from(error: Elapsed) -> ProbeError {
        ProbeError::Timeout(error)
    }
}

impl From<ReplyError> for ProbeError {
    fn from(error: ReplyError) -> ProbeError {
        ProbeError::Reply(error)
    }
}
