//! Non-blocking sockets: with `set_nonblocking(true)`, a call that would
//! have to wait returns an error of kind `WouldBlock` at once. That says
//! "not now", but never "when": the only way to find out here is to try
//! again and again, which keeps a CPU core busy doing nothing.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let (go, wait) = mpsc::channel();
    let addr = listener.local_addr()?;
    let client = thread::spawn(move || slow_client(addr, wait));

    let e = listener.accept().expect_err("nobody has connected yet");
    println!("accept, nobody there yet: {:?}", e.kind());
    go.send(()).expect("client alive"); // it connects in 100 ms
    let ((mut stream, _), tries) = spin(|| listener.accept())?;
    println!("accepted a client after {}", count(tries));
    // On Linux, accepted sockets do not inherit the listener's mode.
    stream.set_nonblocking(true)?;

    let mut buf = [0; 16];
    let e = stream.read(&mut buf).expect_err("nothing sent yet");
    println!("read, nothing sent yet: {:?}", e.kind());
    go.send(()).expect("client alive"); // it writes in 100 ms
    let (n, tries) = spin(|| stream.read(&mut buf))?;
    let text = String::from_utf8_lossy(&buf[..n]);
    println!("read {text:?} after {}", count(tries));
    client.join().expect("client panicked")
}
// ANCHOR_END: main

// ANCHOR: spin
/// Busy-waits: calls `op` until it stops saying `WouldBlock`, and counts
/// the calls.
fn spin<T>(mut op: impl FnMut() -> io::Result<T>) -> io::Result<(T, u64)> {
    let mut tries = 1;
    loop {
        match op() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => tries += 1,
            other => return other.map(|value| (value, tries)),
        }
    }
}
// ANCHOR_END: spin

/// Waits for a go, sleeps 100 ms, connects; waits again, sleeps, writes.
fn slow_client(addr: SocketAddr, go: Receiver<()>) -> io::Result<()> {
    go.recv().expect("main alive");
    thread::sleep(Duration::from_millis(100));
    let mut stream = TcpStream::connect(addr)?;
    go.recv().expect("main alive");
    thread::sleep(Duration::from_millis(100));
    stream.write_all(b"hi")
}

/// The exact count depends on the machine and its load; spinning for
/// 100 ms takes thousands of tries even on a busy machine, so the program
/// prints only that it was more than 100.
fn count(tries: u64) -> String {
    if tries > 100 {
        "more than 100 tries".into()
    } else {
        format!("{tries} tries")
    }
}
