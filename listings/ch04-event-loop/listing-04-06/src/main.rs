//! Readiness: instead of trying again and again, ask the operating system
//! to wake us when a socket is ready. `polling::Poller` wraps epoll on
//! Linux, kqueue on macOS and the BSDs, and IOCP on Windows.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use polling::{Event, Events, Poller};

/// Our names for the sockets; the poller reports them back in each event.
const LISTENER: usize = 1;
const CONNECTION: usize = 2;

// ANCHOR: main
fn main() -> io::Result<()> {
    let poller = Poller::new()?;
    let mut events = Events::new();
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    // SAFETY: we delete the listener from the poller before it is dropped.
    unsafe { poller.add(&listener, Event::readable(LISTENER))? };

    poller.wait(&mut events, Some(Duration::from_millis(50)))?;
    println!("nobody connects in 50 ms: {} events", events.len());

    let mut client = TcpStream::connect(listener.local_addr()?)?;
    events.clear();
    poller.wait(&mut events, None)?; // sleeps until something is ready
    show("a client connects", &events);
    let (mut stream, _) = listener.accept()?; // cannot block now
    stream.set_nonblocking(true)?;
    // SAFETY: as above, `stream` is deleted before it is dropped.
    unsafe { poller.add(&stream, Event::readable(CONNECTION))? };
    // ANCHOR_END: main

    // ANCHOR: oneshot
    client.write_all(b"hi")?;
    events.clear();
    poller.wait(&mut events, None)?;
    show("the client sends", &events);
    println!("read {:?}", read_text(&mut stream)?);

    client.write_all(b" again")?;
    events.clear();
    poller.wait(&mut events, Some(Duration::from_millis(50)))?;
    println!("it sends again, interest used up: {} events", events.len());

    poller.modify(&stream, Event::readable(CONNECTION))?; // re-arm
    events.clear();
    poller.wait(&mut events, None)?;
    show("interest renewed", &events);
    println!("read {:?}", read_text(&mut stream)?);

    poller.delete(&stream)?;
    poller.delete(&listener)?;
    Ok(())
}
// ANCHOR_END: oneshot

fn show(what: &str, events: &Events) {
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
fn read_text(stream: &mut TcpStream) -> io::Result<String> {
    let mut buf = [0; 64];
    let n = stream.read(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
}
