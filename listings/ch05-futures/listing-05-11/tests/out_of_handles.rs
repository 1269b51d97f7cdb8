//! The accept loop lives through running out of file handles. A test binary
//! of its own: it uses up every file handle of the process, which would
//! break any test running beside it.

#![cfg(unix)]

use listing_05_11::executor::Executor;
use listing_05_11::net::Async;
use listing_05_11::run;
use listing_05_11::shutdown::Shutdown;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(20);
/// `EMFILE`, "too many open files", on Linux, macOS and the BSDs.
const EMFILE: i32 = 24;

#[test]
fn running_out_of_file_handles_does_not_stop_the_server() {
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
    let addr = addr_rx
        .recv_timeout(LIMIT)
        .expect("the server did not start");

    // Take every file handle but one, and give that one to the client: the
    // server's `accept` then has none left for the connection (`EMFILE`).
    let mut hoard = Vec::new();
    let full = loop {
        match File::open(std::env::current_exe().unwrap()) {
            Ok(file) if hoard.len() < 1 << 21 => hoard.push(file),
            Ok(_) => panic!("could not run out of file handles: ulimit -n"),
            Err(error) => break error,
        }
    };
    assert_eq!(full.raw_os_error(), Some(EMFILE), "{full}");
    hoard.pop();
    let mut client = TcpStream::connect(addr).unwrap();
    client.set_read_timeout(Some(LIMIT)).unwrap();
    // Let the server fail to accept a few times, then give handles back.
    thread::sleep(Duration::from_millis(300));
    assert!(!server.is_finished(), "the server stopped at EMFILE");
    hoard.clear();

    client.write_all(b"served after all\n").unwrap();
    let mut reply = [0; 17];
    client.read_exact(&mut reply).expect("no echo after EMFILE");
    assert_eq!(&reply, b"served after all\n");
    drop(client);
    shutdown.fire();
    let deadline = Instant::now() + LIMIT;
    while !server.is_finished() {
        assert!(Instant::now() < deadline, "the server did not stop");
        thread::sleep(Duration::from_millis(10));
    }
    server.join().expect("the server panicked");
}
