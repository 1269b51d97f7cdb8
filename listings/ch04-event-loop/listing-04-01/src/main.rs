//! The problem this chapter solves: a server written with blocking calls
//! serves one client at a time. Alice connects and stays; Bob connects,
//! sends, and gets nothing until Alice hangs up.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

// ANCHOR: server
/// Echoes each client's bytes back until it hangs up, then takes the next.
fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    for stream in listener.incoming().take(clients) {
        let mut stream = stream?;
        let mut buf = [0; 1024];
        loop {
            let n = stream.read(&mut buf)?; // blocks until Alice sends
            if n == 0 {
                break; // she hung up
            }
            stream.write_all(&buf[..n])?;
        }
    }
    Ok(())
}
// ANCHOR_END: server

// ANCHOR: main
fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let server = thread::spawn(move || serve(listener, 2));

    let mut alice = TcpStream::connect(addr)?;
    alice.write_all(b"hello")?;
    println!("alice gets {:?}", read_text(&mut alice, 5)?);

    let mut bob = TcpStream::connect(addr)?;
    bob.write_all(b"ping")?;
    bob.set_read_timeout(Some(Duration::from_millis(300)))?;
    match bob.read(&mut [0; 16]) {
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::WouldBlock | ErrorKind::TimedOut
            ) =>
        {
            println!("bob waits 300 ms and gets nothing");
        }
        other => println!("bob, unexpectedly: {other:?}"),
    }

    alice.shutdown(Shutdown::Write)?;
    println!("alice hangs up");
    bob.set_read_timeout(None)?;
    println!("bob gets {:?}", read_text(&mut bob, 4)?);
    drop(bob);
    server.join().expect("server thread panicked")
}
// ANCHOR_END: main

/// Reads exactly `len` bytes: TCP may deliver a message in pieces.
fn read_text(stream: &mut TcpStream, len: usize) -> io::Result<String> {
    let mut buf = vec![0; len];
    stream.read_exact(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
