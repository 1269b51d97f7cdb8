//! The pitfall: a blocking call inside a callback stops the whole loop.
//! Before serving a client, this server asks a blocklist service whether
//! the client may connect, over an ordinary blocking `TcpStream`. While the
//! service takes its time, the loop's only thread waits inside `accept`,
//! and no other client is served, or even accepted.

use std::io::{self, BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use echo::Stats;
use event_loop::EventLoop;

// ANCHOR: bug
/// Asks the blocklist service about `peer`. BUG: every call here blocks,
/// and it runs inside a callback, on the loop's thread.
fn allowed(blocklist: SocketAddr, peer: SocketAddr) -> io::Result<bool> {
    let mut service = TcpStream::connect(blocklist)?;
    writeln!(service, "{peer}")?;
    let mut answer = String::new();
    service.read_to_string(&mut answer)?; // waits for the service
    Ok(answer == "allow\n")
}
// ANCHOR_END: bug

/// What `accept` carries from one call to the next.
struct Door {
    /// Clients still to accept; then the listener closes.
    left: u32,
    blocklist: SocketAddr,
    stats: Arc<Stats>,
}

// ANCHOR: accept
/// Listing 4-8's `accept`, plus the blocklist check.
fn accept(el: &mut EventLoop, l: TcpListener, mut door: Door) {
    while door.left > 0 {
        match l.accept() {
            Ok((stream, peer)) => {
                door.left -= 1;
                // A blocklist that cannot be asked means "not allowed".
                let ok = allowed(door.blocklist, peer).unwrap_or(false);
                if ok && stream.set_nonblocking(true).is_ok() {
                    echo::echo(el, stream, &door.stats);
                } // else: dropping the stream hangs up on the client
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => {
                eprintln!("accept failed: {e}"); // try again next pass
                break;
            }
        }
    }
    if door.left > 0 {
        let again = move |el: &mut EventLoop, l| accept(el, l, door);
        if let Err(e) = el.when_readable(l, again) {
            eprintln!("cannot wait for clients any more: {e}");
        }
    }
}
// ANCHOR_END: accept

// ANCHOR: main
fn main() -> io::Result<()> {
    let blocklist = TcpListener::bind("127.0.0.1:0")?; // main plays it
    let (addr, server) = start_server(blocklist.local_addr()?)?;

    let mut alice = TcpStream::connect(addr)?;
    alice.write_all(b"hello")?;
    let mut bob = TcpStream::connect(addr)?;
    bob.write_all(b"ping")?;
    println!("alice sends \"hello\", bob sends \"ping\"");
    match read_within(&mut bob, Duration::from_millis(300))? {
        None => println!("bob waits 300 ms: nothing"),
        Some(text) => println!("bob gets {text:?} at once?"),
    }
    answer(&blocklist)?;
    println!("blocklist allows alice: {:?}", read_text(&mut alice, 5)?);
    answer(&blocklist)?;
    println!("blocklist allows bob: {:?}", read_text(&mut bob, 4)?);
    for client in [alice, bob] {
        client.shutdown(Shutdown::Write)?;
    }
    server.join().expect("server thread panicked")
}
// ANCHOR_END: main

/// Runs the server with the blocklist check on a loop in its own thread,
/// for two clients.
fn start_server(
    blocklist: SocketAddr,
) -> io::Result<(SocketAddr, thread::JoinHandle<io::Result<()>>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let server = thread::spawn(move || {
        let mut el = EventLoop::new()?;
        let stats = Arc::new(Stats::default());
        let door = Door {
            left: 2,
            blocklist,
            stats,
        };
        let first = move |el: &mut EventLoop, l| accept(el, l, door);
        el.when_readable(listener, first)?;
        el.run()
    });
    Ok((addr, server))
}

/// Plays the blocklist service for one question: allows everyone.
fn answer(blocklist: &TcpListener) -> io::Result<()> {
    let (mut question, _) = blocklist.accept()?;
    BufReader::new(&question).read_line(&mut String::new())?;
    question.write_all(b"allow\n") // dropping `question` ends the answer
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Joins `thread`, failing the test instead of hanging if it has not
    /// finished within a minute.
    fn join_within_a_minute<T>(thread: thread::JoinHandle<T>) -> T {
        let start = std::time::Instant::now();
        while !thread.is_finished() {
            assert!(start.elapsed() < Duration::from_secs(60), "thread hangs");
            thread::sleep(Duration::from_millis(10));
        }
        thread.join().expect("thread panicked")
    }

    /// Without the blocking call, Listing 4-8's `serve` answers Bob while
    /// Alice's connection is still open and quiet.
    #[test]
    fn without_the_blocking_call_bob_is_served_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let mut el = EventLoop::new().unwrap();
            let stats = Arc::new(Stats::default());
            echo::serve(&mut el, listener, Some(2), stats).unwrap();
            el.run().unwrap();
        });
        let alice = TcpStream::connect(addr).unwrap();
        let mut bob = TcpStream::connect(addr).unwrap();
        bob.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        bob.write_all(b"ping").unwrap();
        assert_eq!(read_text(&mut bob, 4).unwrap(), "ping");
        alice.shutdown(Shutdown::Write).unwrap();
        bob.shutdown(Shutdown::Write).unwrap();
        join_within_a_minute(server);
    }

    /// A blocklist service that is down gives an error at once, which
    /// `accept` treats as "not allowed".
    #[test]
    fn an_unreachable_blocklist_is_an_error_not_a_hang() {
        let gone = TcpListener::bind("127.0.0.1:0").unwrap();
        let gone_addr = gone.local_addr().unwrap();
        drop(gone);
        let peer: SocketAddr = "127.0.0.1:9".parse().unwrap();
        assert!(allowed(gone_addr, peer).is_err());
    }
}
