//! The echo server on our executor, with three clients on a thread of their
//! own that use ordinary blocking sockets. When they are done, they fire
//! the shutdown signal; the server stops accepting, its tasks finish, and
//! the executor returns.

use listing_05_11::executor::Executor;
use listing_05_11::net::Async;
use listing_05_11::run;
use listing_05_11::shutdown::Shutdown;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;

// ANCHOR: main
fn main() -> io::Result<()> {
    let executor = Executor::new()?;
    let listener =
        Async::<TcpListener>::bind("127.0.0.1:0", executor.reactor())?;
    let addr = listener.get_ref().local_addr()?;
    let shutdown = Shutdown::new();

    let (spawner, signal) = (executor.spawner(), shutdown.clone());
    executor.spawner().spawn(async move {
        if let Err(error) = run(listener, spawner, signal).await {
            eprintln!("server: {error}");
        }
    });

    let clients = thread::spawn(move || {
        let result = three_clients(addr);
        shutdown.fire(); // on an error too, or `run` would wait for ever
        result
    });
    executor.run()?;
    println!("server stopped: no task left");
    clients.join().expect("the client thread panicked")
}
// ANCHOR_END: main

/// Each client sends one line and prints what comes back.
fn three_clients(addr: SocketAddr) -> io::Result<()> {
    for line in ["hello", "async", "world"] {
        let reply = echo_once(addr, line)?;
        println!("client sent {line:?}, got back {reply:?}");
    }
    Ok(())
}

/// Connects, sends one line, and reads the line that comes back.
fn echo_once(addr: SocketAddr, line: &str) -> io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    writeln!(stream, "{line}")?;
    let mut reply = String::new();
    BufReader::new(&stream).read_line(&mut reply)?;
    Ok(reply.trim_end().to_string())
}
