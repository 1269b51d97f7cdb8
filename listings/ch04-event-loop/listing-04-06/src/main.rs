//! Readiness: instead of trying again and again, ask the operating system
//! to wake us when a socket is ready. `polling::Poller` uses epoll on Linux,
//! kqueue on macOS and the BSDs, and on Windows the AFD driver's poll
//! requests, whose completions arrive through an I/O completion port.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use polling::{AsSource, Event, Events, Poller};

/// Our names for the sockets; the poller reports them back in each event.
const LISTENER: usize = 1;
const CONNECTION: usize = 2;

// ANCHOR: guard
/// A socket registered with a poller. The guard owns the socket, and its
/// `Drop` deletes the socket from the poller before the socket closes, on
/// every way out of the function: the end, or any early return by `?`.
struct Registered<'p, S: AsSource> {
    poller: &'p Poller,
    source: S,
}

impl<'p, S: AsSource> Registered<'p, S> {
    fn new(poller: &'p Poller, source: S, interest: Event) -> io::Result<Self> {
        // SAFETY: from here on the guard holds `source` (by value, or by a
        // borrow that outlives the guard), and `drop` below deletes it from
        // the poller before the source itself is dropped.
        unsafe { poller.add(&source.source(), interest)? };
        Ok(Registered { poller, source })
    }
}

impl<S: AsSource> Drop for Registered<'_, S> {
    fn drop(&mut self) {
        // On Linux and the BSDs, `delete` fails only for a socket the poller
        // does not watch, so the socket may close whatever it answers.
        let _ = self.poller.delete(&self.source);
    }
}
// ANCHOR_END: guard

// ANCHOR: main
fn main() -> io::Result<()> {
    let poller = Poller::new()?; // declared first, so dropped last
    let mut events = Events::new();
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let listener =
        Registered::new(&poller, listener, Event::readable(LISTENER))?;

    poller.wait(&mut events, Some(Duration::from_millis(50)))?;
    println!("nobody connects in 50 ms: {} events", events.len());

    let mut client = TcpStream::connect(listener.source.local_addr()?)?;
    events.clear();
    poller.wait(&mut events, None)?; // sleeps until something is ready
    show("a client connects", &events);
    let (stream, _) = listener.source.accept()?; // cannot block now
    stream.set_nonblocking(true)?;
    let stream = Registered::new(&poller, stream, Event::readable(CONNECTION))?;
    // ANCHOR_END: main

    // ANCHOR: oneshot
    client.write_all(b"hi")?;
    events.clear();
    poller.wait(&mut events, None)?;
    show("the client sends", &events);
    println!("read {:?}", read_text(&stream.source)?);

    client.write_all(b" again")?;
    events.clear();
    poller.wait(&mut events, Some(Duration::from_millis(50)))?;
    println!("it sends again, interest used up: {} events", events.len());

    // Re-arm. The bytes are already there, so the next wait reports them at
    // once (the timeout only keeps a broken poller from hanging us).
    poller.modify(&stream.source, Event::readable(CONNECTION))?;
    events.clear();
    poller.wait(&mut events, Some(Duration::from_secs(10)))?;
    show("re-armed", &events);
    println!("read {:?}", read_text(&stream.source)?);
    Ok(()) // drops `stream`, then `listener`: each deletes itself first
}
// ANCHOR_END: oneshot

fn show(what: &str, events: &Events) {
    if events.is_empty() {
        println!("{what}: no events");
    }
    for event in events.iter() {
        let name = if event.key == LISTENER {
            "listener"
        } else {
            "connection"
        };
        println!("{what}: {name} readable = {}", event.readable);
    }
}

/// One read: the poller said the data is there, so it does not block.
/// (`Read` is implemented for `&TcpStream`, so a shared borrow will do.)
fn read_text(mut stream: &TcpStream) -> io::Result<String> {
    let mut buf = [0; 64];
    let n = stream.read(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// epoll refuses to add a socket twice, so a second registration of the
    /// same socket succeeds only if dropping the first guard deleted it.
    #[cfg(target_os = "linux")]
    #[test]
    fn dropping_the_guard_deletes_the_registration() {
        let poller = Poller::new().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let first = Registered::new(&poller, &listener, Event::readable(1));
        drop(first.expect("first registration"));
        let second = Registered::new(&poller, &listener, Event::readable(1));
        second.expect("the first guard deleted its registration");
    }
}
