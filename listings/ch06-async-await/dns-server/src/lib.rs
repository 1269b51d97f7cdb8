//! A real DNS server for the book's tests and demos: one small zone,
//! served over UDP on 127.0.0.1 by the `hickory-server` crate, on a port
//! the system picks. Every answer waits a fixed delay chosen per name, so
//! a program that asks many names at once gets its answers in a known
//! order. Names in the zone's domain that it does not hold get NXDOMAIN.
//!
//! The server runs on a Tokio runtime of its own, on a thread of its own,
//! so the program that starts it may use any executor, even a hand-written
//! one. Dropping the [`DnsServer`] stops it.

use async_trait::async_trait;
use hickory_server::Server;
use hickory_server::net::runtime::Time;
use hickory_server::proto::rr::rdata::{A, SOA};
use hickory_server::proto::rr::{LowerName, Name, RData, Record};
use hickory_server::server::{
    Request, RequestHandler, ResponseHandler, ResponseInfo,
};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;
use tokio::sync::oneshot;

// ANCHOR: zone
/// What the server serves: a domain, the names in it with their address,
/// and how long to wait before answering each name.
#[derive(Clone, Debug)]
pub struct Zone {
    /// The zone's domain, such as `test`.
    pub domain: String,
    /// Names in the zone (`fn.test`) and their IPv4 address.
    pub records: Vec<(String, Ipv4Addr)>,
    /// The delay before answering a name, whether it is in the zone or not.
    pub delays: Vec<(String, Duration)>,
    /// The delay for a name that `delays` does not list.
    pub default_delay: Duration,
}
// ANCHOR_END: zone

/// A running server; dropping it shuts the server down.
pub struct DnsServer {
    addr: SocketAddr,
    stats: Arc<Stats>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

/// Counts kept by the handler, for programs that show what happened.
#[derive(Default)]
struct Stats {
    queries: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// The delays of every query so far, added up, in microseconds.
    total_delay: AtomicU64,
}

impl DnsServer {
    /// Serves `zone` on 127.0.0.1, on a free UDP port.
    pub fn start(zone: Zone) -> io::Result<DnsServer> {
        let handler = Delayed::new(&zone)?;
        let stats = Arc::clone(&handler.stats);
        let (stop, stopped) = oneshot::channel();
        let (ready_tx, ready) = std::sync::mpsc::channel();
        let thread = thread::Builder::new()
            .name("dns-server".into())
            .spawn(move || serve(handler, ready_tx, stopped))?;
        let addr = ready.recv().map_err(|_| {
            io::Error::other("the DNS server thread ended before binding")
        })??;
        Ok(DnsServer {
            addr,
            stats,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address to send queries to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many queries the server has received.
    pub fn queries(&self) -> usize {
        self.stats.queries.load(Ordering::SeqCst)
    }

    /// The delays of every query so far, added up: how long answering
    /// them one after another would take.
    pub fn total_delay(&self) -> Duration {
        Duration::from_micros(self.stats.total_delay.load(Ordering::SeqCst))
    }

    /// The most queries the server was answering at one time.
    pub fn max_in_flight(&self) -> usize {
        self.stats.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The server thread: a current-thread Tokio runtime serving one socket.
fn serve(
    handler: Delayed,
    ready: std::sync::mpsc::Sender<io::Result<SocketAddr>>,
    stopped: oneshot::Receiver<()>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return drop(ready.send(Err(error))),
    };
    runtime.block_on(async move {
        // ANCHOR: serve
        let socket = match tokio::net::UdpSocket::bind("127.0.0.1:0").await {
            Ok(socket) => socket,
            Err(error) => return drop(ready.send(Err(error))),
        };
        let _ = ready.send(socket.local_addr());
        let mut server = Server::new(handler);
        server.register_socket(socket);
        let _ = stopped.await; // until the DnsServer is dropped
        let _ = server.shutdown_gracefully().await;
        // ANCHOR_END: serve
    });
}

// ANCHOR: delayed
/// hickory's `Catalog` answers from the zone; this handler waits first.
struct Delayed {
    catalog: Catalog,
    delays: HashMap<LowerName, Duration>,
    default_delay: Duration,
    stats: Arc<Stats>,
}
// ANCHOR_END: delayed

// ANCHOR: handle
#[async_trait]
impl RequestHandler for Delayed {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        response: R,
    ) -> ResponseInfo {
        let delay = match request.request_info() {
            Ok(info) => self.delays.get(info.query.name()).copied(),
            Err(_) => None, // malformed: let the catalog answer it
        };
        let delay = delay.unwrap_or(self.default_delay);
        self.stats.begin(delay);
        tokio::time::sleep(delay).await;
        let info = self.catalog.handle_request::<R, T>(request, response);
        let info = info.await;
        self.stats.end();
        info
    }
}
// ANCHOR_END: handle

impl Stats {
    fn begin(&self, delay: Duration) {
        self.queries.fetch_add(1, Ordering::SeqCst);
        let micros = delay.as_micros() as u64;
        self.total_delay.fetch_add(micros, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
    }

    fn end(&self) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Delayed {
    fn new(zone: &Zone) -> io::Result<Delayed> {
        let origin = parse_name(&zone.domain)?;
        let mut catalog = Catalog::new();
        let handler = zone_handler(&origin, &zone.records)?;
        catalog.upsert(LowerName::new(&origin), vec![Arc::new(handler)]);
        let mut delays = HashMap::new();
        for (name, delay) in &zone.delays {
            delays.insert(LowerName::new(&parse_name(name)?), *delay);
        }
        Ok(Delayed {
            catalog,
            delays,
            default_delay: zone.default_delay,
            stats: Arc::default(),
        })
    }
}

// ANCHOR: records
/// The zone's records: the SOA that every zone starts with, and an A
/// record per name.
fn zone_handler(
    origin: &Name,
    records: &[(String, Ipv4Addr)],
) -> io::Result<InMemoryZoneHandler> {
    let (kind, axfr) = (ZoneType::Primary, AxfrPolicy::Deny);
    let mut zone = InMemoryZoneHandler::empty(origin.clone(), kind, axfr);
    let admin = parse_name(&format!("admin.{origin}"))?;
    let soa = SOA::new(origin.clone(), admin, 1, 3600, 600, 86400, 60);
    let serial = 1;
    let soa = Record::from_rdata(origin.clone(), 60, RData::SOA(soa));
    zone.upsert_mut(soa, serial);
    for (name, addr) in records {
        let rdata = RData::A(A(*addr));
        let record = Record::from_rdata(parse_name(name)?, 60, rdata);
        if !zone.upsert_mut(record, serial) {
            return Err(io::Error::other(format!("{name} is not in {origin}")));
        }
    }
    Ok(zone)
}
// ANCHOR_END: records

/// A fully qualified name: `fn.test` becomes `fn.test.`.
fn parse_name(name: &str) -> io::Result<Name> {
    let mut parsed = Name::from_ascii(name).map_err(|error| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("{name}: {error}"))
    })?;
    parsed.set_fqdn(true);
    Ok(parsed)
}

// ANCHOR: demo
/// Rust's keywords of up to four letters: the prober's default words.
pub const KEYWORDS: [&str; 20] = [
    "as", "dyn", "else", "enum", "fn", "for", "if", "impl", "in", "let",
    "loop", "mod", "move", "mut", "pub", "ref", "self", "true", "type", "use",
];
// ANCHOR_END: demo

// ANCHOR: zone_fn
/// The book's zone, `test`: nine keywords have an address, and each has
/// its own delay, a multiple of 40 ms from 80 (time for a client to send
/// every query before the first answer) to 840, shuffled.
pub fn keywords_zone() -> Zone {
    let taken = ["as", "fn", "for", "if", "impl", "let", "mod", "mut", "pub"];
    let records = taken.iter().enumerate().map(|(i, word)| {
        (
            format!("{word}.test"),
            Ipv4Addr::new(192, 0, 2, i as u8 + 1),
        )
    });
    let delays = KEYWORDS.iter().enumerate().map(|(i, word)| {
        let step = (i * 7) % KEYWORDS.len() + 2; // 7 and 20 share no factor
        (
            format!("{word}.test"),
            Duration::from_millis(40 * step as u64),
        )
    });
    Zone {
        domain: "test".into(),
        records: records.collect(),
        delays: delays.collect(),
        default_delay: Duration::from_millis(100),
    }
}
// ANCHOR_END: zone_fn
