//! `probe` on Tokio: the same shape as on our own executor, with the
//! `hickory-resolver` crate in place of the query built by hand.

use hickory_resolver::config::{
    NameServerConfig, ResolverConfig, ResolverOpts,
};
use hickory_resolver::lookup::Lookup;
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, Record};
use hickory_resolver::{Resolver as Hickory, TokioResolver};
use listing_06_06::Answer;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::time::timeout;

// ANCHOR: resolver
/// Where to send queries, and how long to wait for each reply.
#[derive(Clone)]
pub struct Resolver {
    pub hickory: TokioResolver,
    pub limit: Duration,
}

impl Resolver {
    /// A resolver that asks `server` only, with no cache and one exchange
    /// per name (`attempts` counts the retries after a failed one), within
    /// which hickory may send the query again.
    pub fn new(server: SocketAddr, limit: Duration) -> Result<Self, NetError> {
        let mut name_server = NameServerConfig::udp(server.ip());
        name_server.connections[0].port = server.port();
        let config = ResolverConfig::from_name_servers(vec![name_server]);
        let mut options = ResolverOpts::default();
        (options.timeout, options.attempts, options.cache_size) = (limit, 0, 0);
        let provider = TokioRuntimeProvider::default();
        let builder = Hickory::builder_with_config(config, provider);
        let hickory = builder.with_options(options).build()?;
        Ok(Resolver { hickory, limit })
    }
}
// ANCHOR_END: resolver

// ANCHOR: probe
/// Asks `resolver` for the IPv4 addresses of `name`.
pub async fn probe(
    resolver: &Resolver,
    name: &str,
) -> Result<Answer, ProbeError> {
    let limit = resolver.limit;
    // The final dot makes the name fully qualified: no search domains.
    let lookup = resolver.hickory.ipv4_lookup(format!("{name}."));
    let answer = timeout(limit, lookup).await;
    match answer.map_err(|_| ProbeError::Timeout(limit))? {
        Ok(found) => Ok(Answer::Found(addresses(&found))),
        // hickory's own limit is the same, and may end first.
        Err(NetError::Timeout) => Err(ProbeError::Timeout(limit)),
        Err(error) if error.is_nx_domain() => Ok(Answer::NotFound),
        Err(error) if error.is_no_records_found() => Ok(Answer::Found(vec![])),
        Err(error) => Err(ProbeError::Dns(error)),
    }
}
// ANCHOR_END: probe

/// The IPv4 addresses among the records of an answer.
fn addresses(lookup: &Lookup) -> Vec<Ipv4Addr> {
    let records = lookup.answers().iter();
    let address = |record: &Record| match record.data {
        RData::A(address) => Some(address.0),
        _ => None,
    };
    records.filter_map(address).collect()
}

/// Everything that can go wrong with one name.
#[derive(Debug)]
pub enum ProbeError {
    Dns(NetError),
    Timeout(Duration),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::Dns(error) => error.fmt(f),
            ProbeError::Timeout(limit) => {
                write!(f, "no answer within {} ms", limit.as_millis())
            }
        }
    }
}

impl std::error::Error for ProbeError {}
