//! A slow page server on 127.0.0.1 and a client that fetches pages from it
//! with a limit on how many are in flight, measured by the wall clock and
//! by the CPU time the whole process used. Listing 15-2 adds a computing
//! step to the same run.
//!
//! The CPU time comes from `getrusage`, so this crate builds on Unix
//! (Linux, macOS, the BSDs), not on Windows.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt, stream};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How long the server waits before it answers, like a backend that takes
/// its time: a database, another service, a disk.
pub const DELAY: Duration = Duration::from_millis(50);

/// How many bytes each page has.
pub const PAGE_BYTES: usize = 16 * 1024;

/// How long a whole run may take before it is called hung.
const DEADLINE: Duration = Duration::from_secs(60);

// ANCHOR: cpu_time
/// The CPU time this process has used so far, user and system, on every
/// thread: what the shell's `time` prints as user + sys.
pub fn cpu_time() -> Duration {
    // SAFETY: an all-zero rusage is a valid value of this plain C struct,
    // and getrusage only writes through the pointer we give it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage(RUSAGE_SELF) cannot fail");
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64)
            + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}
// ANCHOR_END: cpu_time

// ANCHOR: serve
/// Serves pages until the runtime stops: reads one line (the page's path),
/// waits `DELAY`, writes `PAGE_BYTES` bytes and closes. Every connection
/// is a task, so the waits overlap.
pub async fn serve(listener: TcpListener) {
    while let Ok((socket, _)) = listener.accept().await {
        tokio::spawn(async move {
            let mut socket = BufReader::new(socket);
            let mut path = String::new();
            socket.read_line(&mut path).await?;
            tokio::time::sleep(DELAY).await;
            let line = format!("page {}: lorem ipsum\n", path.trim());
            let page = line.repeat(PAGE_BYTES / line.len() + 1);
            socket.write_all(&page.as_bytes()[..PAGE_BYTES]).await?;
            socket.shutdown().await
        });
    }
}
// ANCHOR_END: serve

// ANCHOR: fetch
/// Asks the server for `path` and reads the page to the end.
pub async fn fetch(addr: SocketAddr, path: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(format!("{path}\n").as_bytes()).await?;
    let mut page = Vec::with_capacity(PAGE_BYTES);
    stream.read_to_end(&mut page).await?;
    Ok(page)
}
// ANCHOR_END: fetch

/// What one run cost, and what it computed.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Time on the wall clock, from before the runtime starts until after
    /// it stops.
    pub wall: Duration,
    /// CPU time the process used in the same stretch, on every thread.
    pub cpu: Duration,
    /// The pages' bytes, or Listing 15-2's digests, combined.
    pub checksum: u64,
}

// ANCHOR: measure
/// Fetches `pages` pages, `concurrency` at a time, from a server started
/// for the run, hands each to `work`, and times it all on both clocks.
pub fn measure(
    pages: usize,
    concurrency: usize,
    work: fn(&[u8]) -> u64,
) -> Run {
    let (cpu, start) = (cpu_time(), Instant::now());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let checksum = runtime.expect("a runtime").block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(serve(listener));
        let all = stream::iter(0..pages)
            .map(|i| async move { fetch(addr, &format!("/{i}")).await })
            .buffer_unordered(concurrency)
            .map_ok(|page| work(&page))
            .try_fold(0, |sum, n| async move { Ok(sum ^ n) });
        tokio::time::timeout(DEADLINE, all).await?
    });
    let checksum = checksum.expect("every page arrives within the deadline");
    let (wall, cpu) = (start.elapsed(), cpu_time() - cpu);
    Run {
        wall,
        cpu,
        checksum,
    }
}
// ANCHOR_END: measure

/// The cheapest work: add up the page's bytes.
pub fn byte_sum(page: &[u8]) -> u64 {
    page.iter().map(|&b| u64::from(b)).sum()
}
