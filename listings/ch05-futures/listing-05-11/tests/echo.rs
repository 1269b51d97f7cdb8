//! The async echo server against real sockets on 127.0.0.1: a hundred
//! clients connected at once, a payload bigger than the socket buffers,
//! clients that vanish, and a clean stop. Every client socket has a time limit, so a lost wake-up
//! fails a test instead of hanging it.

use listing_05_11::executor::Executor;
use listing_05_11::net::Async;
use listing_05_11::run;
use listing_05_11::shutdown::Shutdown;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread::{self, JoinHandle};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(20);

/// Starts the server on its own thread; returns its address, the signal
/// that stops it, and the thread, which ends when the executor returns.
fn start_server() -> (SocketAddr, Shutdown, JoinHandle<()>) {
    let shutdown = Shutdown::new();
    let signal = shutdown.clone();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let server = thread::spawn(move || {
        let executor = Executor::new().unwrap();
        let listener =
            Async::<TcpListener>::bind("127.0.0.1:0", executor.reactor())
                .unwrap();
        addr_tx
            .send(listener.get_ref().local_addr().unwrap())
            .unwrap();
        let spawner = executor.spawner();
        executor.spawner().spawn(async move {
            run(listener, spawner, signal).await.unwrap();
        });
        executor.run().unwrap();
    });
    (addr_rx.recv().unwrap(), shutdown, server)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    stream.set_write_timeout(Some(LIMIT)).unwrap();
    stream
}

fn echo_round(stream: &mut TcpStream, message: &[u8]) {
    stream.write_all(message).unwrap();
    let mut reply = vec![0; message.len()];
    stream.read_exact(&mut reply).unwrap();
    assert_eq!(reply, message);
}

#[test]
fn a_hundred_clients_are_served_at_once() {
    const CLIENTS: usize = 100;
    let (addr, shutdown, server) = start_server();
    // Every client gets its first echo before any client sends its second:
    // a server that served one connection at a time would never get past
    // this barrier, and the read time limit would fail the test.
    let all_echoed_once = Arc::new(Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let all_echoed_once = Arc::clone(&all_echoed_once);
            thread::spawn(move || {
                let mut stream = connect(addr);
                echo_round(
                    &mut stream,
                    format!("hello from {id}\n").as_bytes(),
                );
                all_echoed_once.wait();
                for round in 0..10 {
                    let line = format!("client {id}, round {round}\n");
                    echo_round(&mut stream, line.as_bytes());
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("a client failed");
    }
    shutdown.fire();
    server.join().expect("the server failed");
}

#[test]
fn a_payload_bigger_than_the_socket_buffers_comes_back_whole() {
    // 32 MiB is more than the buffers of both sockets hold, in both
    // directions (Linux allows at most 6 MiB to receive and 4 MiB to send).
    const TOTAL: usize = 32 << 20;
    let (addr, shutdown, server) = start_server();
    let payload: Vec<u8> = (0..TOTAL).map(|i| (i % 251) as u8).collect();
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let (sent, count) = (payload.clone(), Arc::clone(&written));
    let sending = thread::spawn(move || {
        for chunk in sent.chunks(64 << 10) {
            writer.write_all(chunk).unwrap();
            count.fetch_add(chunk.len(), Ordering::SeqCst);
        }
        writer.shutdown(std::net::Shutdown::Write).unwrap();
    });
    // Read nothing until the writer stalls. It stalls when the server has
    // stopped reading, and the server stops reading only while it waits,
    // in `write_all`, for room to send: its writes said `WouldBlock`.
    let mut last = 0;
    loop {
        thread::sleep(Duration::from_millis(100));
        let now = written.load(Ordering::SeqCst);
        assert!(now < TOTAL, "everything fit in the buffers: no WouldBlock");
        if now == last {
            break;
        }
        last = now;
    }
    let mut received = Vec::new();
    stream.read_to_end(&mut received).unwrap();
    sending.join().unwrap();
    assert_eq!(received.len(), payload.len());
    assert!(received == payload, "the echo differs from what was sent");
    shutdown.fire();
    server.join().expect("the server failed");
}

#[test]
fn a_client_that_vanishes_does_not_stop_the_server() {
    let (addr, shutdown, server) = start_server();
    // Connect and hang up at once, without a word, twice.
    drop(connect(addr));
    drop(connect(addr));
    let mut stream = connect(addr);
    echo_round(&mut stream, b"still here\n");
    drop(stream);
    shutdown.fire();
    server.join().expect("the server failed");
}

#[test]
fn shutdown_with_no_client_stops_the_executor() {
    let (_addr, shutdown, server) = start_server();
    shutdown.fire();
    server.join().expect("the server failed");
}
