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
    match read_within(&mut bob, Duration::from_millis(300))? {
        None => println!("bob waits 300 ms and gets nothing"),
        Some(text) => println!("bob gets {text:?} at once?"),
    }

    alice.shutdown(Shutdown::Write)?;
    println!("alice hangs up");
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

/// Reads what arrives within `patience`: `None` if nothing does.
fn read_within(
    stream: &mut TcpStream,
    patience: Duration,
) -> io::Result<Option<String>> {
    stream.set_read_timeout(Some(patience))?;
    let mut buf = [0; 64];
    let got = match stream.read(&mut buf) {
        Ok(n) => Some(String::from_utf8_lossy(&buf[..n]).into_owned()),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::WouldBlock | ErrorKind::TimedOut
            ) =>
        {
            None
        }
        Err(e) => return Err(e),
    };
    stream.set_read_timeout(None)?;
    Ok(got)
}
