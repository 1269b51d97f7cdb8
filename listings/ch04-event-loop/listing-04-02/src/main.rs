//! The classic fix: one thread per client. Alice and Bob run the same
//! script as in listing 4-1, and now Bob is served while Alice is still
//! connected.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;

// ANCHOR: server
fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    let mut workers = Vec::new();
    for stream in listener.incoming().take(clients) {
        let stream = stream?;
        workers.push(thread::spawn(move || echo(stream)));
    }
    for worker in workers {
        worker.join().expect("worker panicked")?;
    }
    Ok(())
}

fn echo(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = [0; 1024];
    loop {
        let n = stream.read(&mut buf)?; // blocks only this thread
        if n == 0 {
            return Ok(());
        }
        stream.write_all(&buf[..n])?;
    }
}
// ANCHOR_END: server

fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let server = thread::spawn(move || serve(listener, 2));

    let mut alice = TcpStream::connect(addr)?;
    alice.write_all(b"hello")?;
    println!("alice gets {:?}", read_text(&mut alice, 5)?);

    let mut bob = TcpStream::connect(addr)?;
    bob.write_all(b"ping")?;
    println!(
        "bob gets {:?} while alice is connected",
        read_text(&mut bob, 4)?
    );

    alice.shutdown(Shutdown::Write)?;
    println!("alice hangs up");
    drop(bob);
    server.join().expect("server thread panicked")
}

/// Reads exactly `len` bytes: TCP may deliver a message in pieces.
fn read_text(stream: &mut TcpStream, len: usize) -> io::Result<String> {
    let mut buf = vec![0; len];
    stream.read_exact(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
