//! The pitfall: a blocking call inside a callback stops the whole loop.
//! Here the call is easy to miss: the server forgets to make an accepted
//! socket non-blocking, so the read that should return `WouldBlock` waits
//! for Alice instead, and nobody else is served while it waits.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use echo::Stats;
use event_loop::EventLoop;

// ANCHOR: bug
/// Listing 4-8's `accept`, minus one line.
fn accept(
    el: &mut EventLoop,
    l: TcpListener,
    mut left: u32,
    stats: Arc<Stats>,
) {
    while left > 0 {
        match l.accept() {
            Ok((stream, _)) => {
                left -= 1;
                // BUG: no `stream.set_nonblocking(true)`. The listener is
                // non-blocking, but accepted sockets do not inherit that.
                echo::echo(el, stream, &stats);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => eprintln!("accept failed: {e}"),
        }
    }
    if left > 0 {
        let again = move |el: &mut EventLoop, l| accept(el, l, left, stats);
        el.when_readable(l, again).expect("poller works");
    }
}
// ANCHOR_END: bug

// ANCHOR: main
fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let server = thread::spawn(move || -> io::Result<()> {
        let mut el = EventLoop::new()?;
        let stats = Arc::new(Stats::default());
        el.when_readable(listener, move |el, l| accept(el, l, 2, stats))?;
        el.run()
    });

    let mut alice = TcpStream::connect(addr)?;
    alice.write_all(b"hello")?;
    println!("alice sends \"hello\"");
    let mut bob = TcpStream::connect(addr)?;
    bob.write_all(b"ping")?;
    println!("bob sends \"ping\"");
    match read_within(&mut bob, Duration::from_millis(300))? {
        None => println!(
            "bob waits 300 ms: nothing, the loop is stuck in alice's read"
        ),
        Some(text) => println!("bob gets {text:?} at once?"),
    }
    println!("alice hangs up and gets {:?}", hang_up(alice)?);
    println!("bob hangs up and gets {:?}", hang_up(bob)?);
    server.join().expect("server thread panicked")
}
// ANCHOR_END: main

/// Stops sending, then reads everything the server sends back.
fn hang_up(mut stream: TcpStream) -> io::Result<String> {
    stream.shutdown(Shutdown::Write)?;
    let mut back = String::new();
    stream.read_to_string(&mut back)?;
    Ok(back)
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

    /// The fix, checked: listing 4-8's `serve`, which does call
    /// `set_nonblocking`, answers Bob while Alice is still connected.
    #[test]
    fn the_real_server_answers_bob_while_alice_stays() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let mut el = EventLoop::new().unwrap();
            let stats = Arc::new(Stats::default());
            echo::serve(&mut el, listener, Some(2), stats).unwrap();
            el.run().unwrap();
        });
        let mut alice = TcpStream::connect(addr).unwrap();
        alice
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        alice.write_all(b"hello").unwrap();
        let mut bob = TcpStream::connect(addr).unwrap();
        bob.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        bob.write_all(b"ping").unwrap();
        let mut buf = [0; 4];
        bob.read_exact(&mut buf).unwrap(); // alice has not hung up
        assert_eq!(&buf, b"ping");
        assert_eq!(hang_up(alice).unwrap(), "hello");
        assert_eq!(hang_up(bob).unwrap(), "");
        join_within_a_minute(server);
    }
}
