//! Measures a few rungs of the latency ladder on this machine: a read from
//! memory that fits in the L1 cache, a read from memory that fits in no cache,
//! a small file write that must reach the disk, reading it back, and a TCP
//! round trip to a server on 127.0.0.1 that the program starts itself.
//!
//! Each figure is the time of one operation. Every loop has a fixed count,
//! so the program ends within a second or two even on a slow machine.

use std::fs::{self, File};
use std::hint::black_box;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

// ANCHOR: chase
/// Average time of one read, in nanoseconds, from an array of `bytes` bytes,
/// when each read depends on the one before, so the CPU can neither overlap
/// them nor guess the next address. The reads follow one random cycle
/// through the array, touching one `u32` in every 64-byte cache line.
fn chase(bytes: usize, reads: u32) -> f64 {
    const STEP: usize = 64 / size_of::<u32>(); // one read per cache line
    let order = random_cycle(bytes / 64, 0x5EED);
    let mut next = vec![0u32; bytes / size_of::<u32>()];
    for (line, &to) in order.iter().enumerate() {
        next[line * STEP] = (to as usize * STEP) as u32;
    }
    let mut i = 0;
    let start = Instant::now();
    for _ in 0..reads {
        i = next[i] as usize;
    }
    black_box(i); // keep the compiler from skipping the loop
    // A `Duration` counts whole nanoseconds, too coarse for one L1 read.
    start.elapsed().as_secs_f64() * 1e9 / f64::from(reads)
}
// ANCHOR_END: chase

/// A permutation of `0..len` that is one single cycle (Sattolo's algorithm),
/// shuffled by a small xorshift generator with a fixed seed.
fn random_cycle(len: usize, mut seed: u64) -> Vec<u32> {
    let mut next: Vec<u32> = (0..len as u32).collect();
    for i in (1..len).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed % i as u64) as usize; // j < i: this keeps one cycle
        next.swap(i, j);
    }
    next
}

/// A file name in the temporary directory that no other process uses.
fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("{name}-{}.tmp", std::process::id()))
}

/// The middle value of some timings.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

// ANCHOR: file
/// A file in the temporary directory that is removed when this value is
/// dropped: on success, on an error returned with `?`, even on a panic.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        // Nothing useful can be done if removing fails while cleaning up.
        let _ = fs::remove_file(&self.0);
    }
}

/// Median times to write 4 KiB and make sure it reached the disk (`sync_data`
/// waits for the device), then to read the same 4 KiB back.
fn file_write_and_read(rounds: usize) -> io::Result<(Duration, Duration)> {
    let temp = TempFile(temp_path("latency-ladder"));
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temp.0)?;
    let mut page = [7u8; 4096];
    let (mut writes, mut reads) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&page)?;
        file.sync_data()?;
        writes.push(start.elapsed());

        let start = Instant::now();
        file.seek(SeekFrom::Start(0))?;
        file.read_exact(&mut page)?;
        reads.push(start.elapsed());
    }
    Ok((median(writes), median(reads)))
}
// ANCHOR_END: file

/// Starts a server on 127.0.0.1 that echoes back every byte of one
/// connection, until the client hangs up.
fn echo_server() -> io::Result<(SocketAddr, JoinHandle<io::Result<()>>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = thread::spawn(move || -> io::Result<()> {
        let (mut stream, _) = listener.accept()?;
        stream.set_nodelay(true)?;
        let mut byte = [0u8; 1];
        while stream.read(&mut byte)? == 1 {
            stream.write_all(&byte)?;
        }
        Ok(())
    });
    Ok((address, server))
}

// ANCHOR: tcp
/// Median time for one byte to go to the echo server and back.
fn tcp_round_trip(rounds: usize) -> io::Result<Duration> {
    let (address, server) = echo_server()?;
    let mut client = TcpStream::connect(address)?;
    client.set_nodelay(true)?; // send each byte at once, do not batch
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let sent = [round as u8]; // a different byte each time
        let mut echoed = [0u8; 1];
        let start = Instant::now();
        client.write_all(&sent)?;
        client.read_exact(&mut echoed)?;
        times.push(start.elapsed());
        if echoed != sent {
            let msg = format!("sent {sent:?}, got {echoed:?} back");
            return Err(io::Error::new(io::ErrorKind::InvalidData, msg));
        }
    }
    drop(client); // the server reads end of file and returns
    server.join().expect("the echo server panicked")?;
    Ok(median(times))
}
// ANCHOR_END: tcp

// ANCHOR: main
fn main() -> io::Result<()> {
    let l1 = chase(16 << 10, 1_000_000); // 16 KiB
    let ram = chase(64 << 20, 1_000_000); // 64 MiB
    let (write, read) = file_write_and_read(20)?;
    let tcp = tcp_round_trip(1000)?;

    println!("read from a 16 KiB array (L1 cache)     {l1:>7.1}ns");
    println!("read from a 64 MiB array (main memory)  {ram:>7.1}ns");
    println!("write 4 KiB to a file and sync it       {write:>9.1?}");
    println!("read the 4 KiB back (the OS's cache)    {read:>9.1?}");
    println!("TCP round trip on 127.0.0.1             {tcp:>9.1?}");
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_cycle_visits_every_index_once() {
        let next = random_cycle(1000, 1);
        let mut seen = vec![false; next.len()];
        let mut i = 0;
        for _ in 0..next.len() {
            assert!(!seen[i], "index {i} visited twice");
            seen[i] = true;
            i = next[i] as usize;
        }
        assert_eq!(i, 0, "the walk returns to the start");
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn median_picks_the_middle() {
        let ms = Duration::from_millis;
        assert_eq!(median(vec![ms(9), ms(1), ms(5)]), ms(5));
    }

    #[test]
    fn file_round_trip_cleans_up() {
        file_write_and_read(2).unwrap();
        assert!(!temp_path("latency-ladder").exists());
    }

    #[test]
    fn the_temporary_file_is_removed_on_a_panic_too() {
        let caught = std::panic::catch_unwind(|| {
            let temp = TempFile(temp_path("guard-test"));
            File::create(&temp.0).unwrap();
            assert!(temp.0.exists());
            panic!("a failure half-way");
        });
        assert!(caught.is_err());
        assert!(!temp_path("guard-test").exists());
    }

    /// Runs `f` on a thread and fails the test if it takes longer than
    /// `limit`, instead of letting a broken server hang the test run.
    fn within<T: Send + 'static>(
        limit: Duration,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let (done, result) = std::sync::mpsc::channel();
        thread::spawn(move || done.send(f()));
        result
            .recv_timeout(limit)
            .expect("no answer within the time limit: is the server stuck?")
    }

    #[test]
    fn tcp_round_trip_checks_the_echo_and_stops_the_server() {
        // Returns only once every byte came back unchanged and the server
        // thread has ended; 256 rounds send every byte value once. The
        // deadline is far above what a busy machine needs (each round trip
        // waits for two thread wake-ups), and still ends a hang.
        within(Duration::from_secs(120), || tcp_round_trip(256)).unwrap();
    }
}
