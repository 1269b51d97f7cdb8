//! The async echo server against real sockets on 127.0.0.1: a hundred
//! clients connected at once, a payload bigger than the socket buffers,
//! clients that vanish, and a clean stop. Every wait has a time limit (the
//! client sockets, the rendezvous of the clients, every `join`), so a lost
//! wake-up or a server that serves one client at a time fails a test with a
//! message instead of hanging it.

use listing_05_11::executor::Executor;
use listing_05_11::net::Async;
use listing_05_11::reactor::{Direction, Reactor};
use listing_05_11::run;
use listing_05_11::shutdown::Shutdown;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(20);

/// The server under test, on a thread of its own.
struct Server {
    addr: SocketAddr,
    shutdown: Shutdown,
    reactor: Arc<Reactor>,
    thread: JoinHandle<()>,
}

impl Server {
    fn start() -> Server {
        let shutdown = Shutdown::new();
        let signal = shutdown.clone();
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let thread = thread::spawn(move || {
            let executor = Executor::new().unwrap();
            let listener =
                Async::<TcpListener>::bind("127.0.0.1:0", executor.reactor())
                    .unwrap();
            let addr = listener.get_ref().local_addr().unwrap();
            started_tx.send((addr, executor.reactor().clone())).unwrap();
            let spawner = executor.spawner();
            executor.spawner().spawn(async move {
                run(listener, spawner, signal).await.unwrap();
            });
            executor.run().unwrap();
        });
        let (addr, reactor) = started_rx
            .recv_timeout(LIMIT)
            .expect("the server did not start");
        Server {
            addr,
            shutdown,
            reactor,
            thread,
        }
    }

    /// Fires the shutdown signal and waits for the executor to return.
    fn stop(self) {
        self.shutdown.fire();
        join_within(self.thread, "the server did not stop after shutdown");
    }
}

/// Joins `thread`, failing with `what` if it has not ended within `LIMIT`.
fn join_within<T>(thread: JoinHandle<T>, what: &str) -> T {
    let deadline = Instant::now() + LIMIT;
    while !thread.is_finished() {
        assert!(Instant::now() < deadline, "{what} within {LIMIT:?}");
        thread::sleep(Duration::from_millis(10));
    }
    thread
        .join()
        .unwrap_or_else(|_| panic!("{what}: it panicked"))
}

/// A barrier with a time limit: `std::sync::Barrier` waits forever.
struct Rendezvous {
    arrived: Mutex<usize>,
    all_here: Condvar,
    expected: usize,
}

impl Rendezvous {
    fn new(expected: usize) -> Rendezvous {
        let (arrived, all_here) = (Mutex::new(0), Condvar::new());
        Rendezvous {
            arrived,
            all_here,
            expected,
        }
    }

    /// Waits until `expected` threads have arrived, or panics at `LIMIT`.
    fn arrive_and_wait(&self) {
        let mut arrived = self.arrived.lock().unwrap();
        *arrived += 1;
        self.all_here.notify_all();
        let (guard, _) = self
            .all_here
            .wait_timeout_while(arrived, LIMIT, |n| *n < self.expected)
            .unwrap();
        let arrived = *guard;
        drop(guard); // unlock before failing, so as not to poison the lock
        assert!(
            arrived >= self.expected,
            "only {arrived} of {} clients got their first echo within \
             {LIMIT:?}: does the server serve one client at a time?",
            self.expected
        );
    }
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
    let server = Server::start();
    let addr = server.addr;
    // Every client gets its first echo before any client sends its second:
    // a server that served one connection at a time would never get past
    // this rendezvous, and its time limit would fail the test.
    let all_echoed_once = Arc::new(Rendezvous::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let all_echoed_once = Arc::clone(&all_echoed_once);
            thread::spawn(move || {
                let mut stream = connect(addr);
                echo_round(
                    &mut stream,
                    format!("hello from {id}\n").as_bytes(),
                );
                all_echoed_once.arrive_and_wait();
                for round in 0..10 {
                    let line = format!("client {id}, round {round}\n");
                    echo_round(&mut stream, line.as_bytes());
                }
            })
        })
        .collect();
    for client in clients {
        join_within(client, "a client did not finish");
    }
    server.stop();
}

#[test]
fn a_payload_bigger_than_the_socket_buffers_comes_back_whole() {
    // 32 MiB is more than the buffers of both sockets hold, in both
    // directions (Linux allows at most 6 MiB to receive and 4 MiB to send).
    const TOTAL: usize = 32 << 20;
    let server = Server::start();
    let payload: Vec<u8> = (0..TOTAL).map(|i| (i % 251) as u8).collect();
    let mut stream = connect(server.addr);
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
    // Read nothing until a server write says `WouldBlock` and its task
    // waits for room to send. Until then the writer cannot finish: the
    // buffers on the way hold far less than the payload. (Waiting for the
    // writer to stall instead would be fooled by a busy machine that
    // merely runs it late.)
    let deadline = Instant::now() + LIMIT;
    while server.reactor.waits(Direction::Write) == 0 {
        let now = written.load(Ordering::SeqCst);
        assert!(now < TOTAL, "everything fit in the buffers: no WouldBlock");
        assert!(
            Instant::now() < deadline,
            "no server write said WouldBlock within {LIMIT:?}"
        );
        thread::sleep(Duration::from_millis(10));
    }
    let mut received = Vec::new();
    stream.read_to_end(&mut received).unwrap();
    join_within(sending, "the client's writer did not finish");
    assert_eq!(received.len(), payload.len());
    assert!(received == payload, "the echo differs from what was sent");
    server.stop();
}

#[test]
fn a_client_that_vanishes_does_not_stop_the_server() {
    let server = Server::start();
    // Connect and hang up at once, without a word, twice.
    drop(connect(server.addr));
    drop(connect(server.addr));
    let mut stream = connect(server.addr);
    echo_round(&mut stream, b"still here\n");
    drop(stream);
    server.stop();
}

#[test]
fn shutdown_with_no_client_stops_the_executor() {
    Server::start().stop();
}
