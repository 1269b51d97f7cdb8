//! Listing 15-1's fetch with no async on the client's side: blocking
//! sockets, and a thread for each page in flight. The server is Listing
//! 15-1's, on a runtime of its own.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use listing_15_01::{PAGE_BYTES, byte_sum, serve};

/// How long a socket may wait for the server before the fetch fails.
const DEADLINE: Duration = Duration::from_secs(30);

// ANCHOR: fetch
/// Listing 15-1's `fetch`, blocking: the thread sleeps in `read` until
/// the page arrives.
pub fn fetch(addr: SocketAddr, path: &str) -> io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(DEADLINE))?;
    stream.write_all(format!("{path}\n").as_bytes())?;
    let mut page = Vec::with_capacity(PAGE_BYTES);
    stream.read_to_end(&mut page)?;
    Ok(page)
}
// ANCHOR_END: fetch

// ANCHOR: fetch_all
/// Fetches pages `0..pages` with `threads` threads, thread `t` taking pages
/// `t`, `t + threads`, ...; returns the wall time and the checksum Listing
/// 15-1 computes.
pub fn fetch_all(
    addr: SocketAddr,
    pages: usize,
    threads: usize,
) -> (Duration, u64) {
    let start = Instant::now();
    let sum = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|first| {
                scope.spawn(move || {
                    (first..pages).step_by(threads).try_fold(0, |sum, i| {
                        let page = fetch(addr, &format!("/{i}"))?;
                        io::Result::Ok(sum ^ byte_sum(&page))
                    })
                })
            })
            .collect();
        let mut sums = workers.into_iter().map(|w| w.join().expect("no panic"));
        sums.try_fold(0, |all, s| io::Result::Ok(all ^ s?))
    });
    (start.elapsed(), sum.expect("every page arrives"))
}
// ANCHOR_END: fetch_all

/// Starts Listing 15-1's server on a runtime of its own; returns the
/// runtime, which stops the server when dropped, and the address.
pub fn start_server() -> io::Result<(tokio::runtime::Runtime, SocketAddr)> {
    let runtime = tokio::runtime::Runtime::new()?;
    let addr = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(serve(listener));
        io::Result::Ok(addr)
    })?;
    Ok((runtime, addr))
}
