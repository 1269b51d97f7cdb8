//! The echo server of listing 4-8 against real clients on 127.0.0.1: plain
//! blocking std sockets, each in its own thread, so the code under test is
//! only the server and the loop. Every wait is bounded, so a broken server
//! fails the test instead of hanging it.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use echo::{Stats, echo_client, serve};
use event_loop::EventLoop;
use std::cell::RefCell;
use std::rc::Rc;

/// Long enough for a loaded machine; a correct server needs far less.
const PATIENCE: Duration = Duration::from_secs(60);

/// Starts the server on a fresh loop in its own thread; the thread ends
/// when `limit` clients have come and gone and the loop has nothing left.
fn start_server(limit: u64) -> (SocketAddr, Arc<Stats>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(Stats::default());
    let shared = Arc::clone(&stats);
    let handle = thread::spawn(move || {
        let mut el = EventLoop::new().unwrap();
        serve(&mut el, listener, Some(limit), shared).unwrap();
        el.run().unwrap();
    });
    (addr, stats, handle)
}

/// Joins `thread`, failing the test instead of hanging if it has not
/// finished within a minute.
fn join_within_a_minute<T>(thread: std::thread::JoinHandle<T>) -> T {
    let start = std::time::Instant::now();
    while !thread.is_finished() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "thread hangs"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    thread.join().expect("thread panicked")
}

/// Waits until `done` holds, failing the test if it has not after a while.
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting: {what}");
        thread::sleep(Duration::from_millis(5));
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// A payload no other client sends, so crossed wires would show.
fn payload(client: usize, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + client * 13) as u8).collect()
}

/// Writes `data` from one thread while reading the echo in this one, as a
/// real client must when the data is bigger than the socket buffers.
fn round_trip(addr: SocketAddr, data: Vec<u8>) -> Vec<u8> {
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().unwrap();
    let sender = thread::spawn(move || {
        writer.write_all(&data).unwrap();
        writer.shutdown(Shutdown::Write).unwrap();
    });
    let mut back = Vec::new();
    stream.read_to_end(&mut back).unwrap();
    sender.join().unwrap();
    back
}

#[test]
fn fifty_clients_get_their_own_bytes_back() {
    const CLIENTS: usize = 50;
    let (addr, stats, server) = start_server(CLIENTS as u64);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            thread::spawn(move || {
                let sent = payload(id, 1000 + id * 3001);
                let back = round_trip(addr, sent.clone());
                assert!(back == sent, "client {id} got other bytes back");
                sent.len() as u64
            })
        })
        .collect();
    let total: u64 = clients.into_iter().map(|c| c.join().unwrap()).sum();
    join_within_a_minute(server);
    assert_eq!(stats.connections.load(Relaxed), CLIENTS as u64);
    assert_eq!(stats.bytes_echoed.load(Relaxed), total);
    assert_eq!(stats.failed.load(Relaxed), 0);
}

#[test]
fn a_client_that_reads_late_forces_partial_writes() {
    let (addr, stats, server) = start_server(1);
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().unwrap();
    let shared = Arc::clone(&stats);
    // Send until the server has had to wait for us at least once (the
    // buffers between us are full), then a little more, then hang up.
    let sender = thread::spawn(move || {
        let chunk = payload(0, 64 * 1024);
        let mut sent = 0;
        while shared.blocked_writes.load(Relaxed) == 0 {
            writer.write_all(&chunk).unwrap();
            sent += chunk.len();
            assert!(sent < 1 << 30, "a gigabyte and the server never blocked?");
        }
        writer.write_all(&chunk).unwrap();
        writer.shutdown(Shutdown::Write).unwrap();
        sent + chunk.len()
    });
    // Read nothing until the server has blocked on a write.
    let start = Instant::now();
    while stats.blocked_writes.load(Relaxed) == 0 {
        assert!(start.elapsed() < PATIENCE, "server never blocked");
        thread::sleep(Duration::from_millis(10));
    }
    let mut back = Vec::new();
    stream.read_to_end(&mut back).unwrap();
    let sent = sender.join().unwrap();
    join_within_a_minute(server);
    assert_eq!(back.len(), sent);
    let chunk = payload(0, 64 * 1024);
    assert!(back.chunks(chunk.len()).all(|c| c == chunk));
    assert!(stats.blocked_writes.load(Relaxed) >= 1);
}

// ANCHOR: vanish
#[test]
fn clients_that_vanish_do_not_stop_the_loop() {
    let (addr, stats, server) = start_server(4);
    drop(connect(addr)); // connects and hangs up at once
    // Hangs up with its echo unread: the kernel resets the connection.
    let mut rude = connect(addr);
    rude.write_all(&payload(1, 64 * 1024)).unwrap();
    wait_until("the server echoes to the rude client", || {
        stats.bytes_echoed.load(Relaxed) == 64 * 1024
            || stats.blocked_writes.load(Relaxed) > 0
    });
    drop(rude);
    // Sends half a message and stops sending, but reads its echo.
    let mut shy = connect(addr);
    shy.write_all(b"half a mess").unwrap();
    shy.shutdown(Shutdown::Write).unwrap();
    let mut back = Vec::new();
    shy.read_to_end(&mut back).unwrap();
    assert_eq!(back, b"half a mess");
    // After all that the loop still serves a normal client.
    assert_eq!(round_trip(addr, b"still here?".to_vec()), b"still here?");
    join_within_a_minute(server); // the loop survived and finished
    assert_eq!(stats.connections.load(Relaxed), 4);
    assert_eq!(stats.failed.load(Relaxed), 1, "the reset was not counted");
}
// ANCHOR_END: vanish

#[test]
fn a_hundred_loop_clients_and_the_server_share_one_thread() {
    const CLIENTS: usize = 100;
    let (done, report) = std::sync::mpsc::channel();
    // The loop runs in a thread of its own, so that the test can give up
    // on it after a while instead of hanging.
    thread::spawn(move || {
        let mut el = EventLoop::new().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stats = Arc::new(Stats::default());
        serve(&mut el, listener, Some(CLIENTS as u64), Arc::clone(&stats))
            .unwrap();
        let finished = Rc::new(RefCell::new(0));
        for id in 0..CLIENTS {
            // Sizes from 0 bytes to several client windows.
            let sent = payload(id, id * 997);
            let expected = sent.clone();
            let finished = Rc::clone(&finished);
            echo_client(&mut el, addr, sent, move |back| {
                assert!(
                    back.unwrap() == expected,
                    "client {id} got other bytes"
                );
                *finished.borrow_mut() += 1;
            })
            .unwrap();
        }
        el.run().unwrap();
        let finished = *finished.borrow();
        done.send((finished, stats)).unwrap();
    });
    let (finished, stats) =
        report.recv_timeout(PATIENCE).expect("loop finished");
    assert_eq!(finished, CLIENTS);
    assert_eq!(stats.connections.load(Relaxed), CLIENTS as u64);
    assert_eq!(stats.failed.load(Relaxed), 0);
}
