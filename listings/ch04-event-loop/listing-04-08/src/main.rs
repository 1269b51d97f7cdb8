//! An echo server and four clients, all on one event loop in one thread,
//! over real sockets on 127.0.0.1. The server stops accepting after four
//! connections, so the loop runs out of work and the program ends.

use std::cell::RefCell;
use std::io;
use std::net::TcpListener;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;

use echo::{Stats, echo_client, serve};
use event_loop::EventLoop;

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut el = EventLoop::new()?;
    let listener = TcpListener::bind("127.0.0.1:0")?; // any free port
    let addr = listener.local_addr()?;
    let stats = Arc::new(Stats::default());
    serve(&mut el, listener, Some(4), Arc::clone(&stats))?;

    let big: Vec<u8> = (0..1_000_000).map(|i| (i % 251) as u8).collect();
    let messages = [
        b"hello".to_vec(),
        b"from".to_vec(),
        b"the loop".to_vec(),
        big,
    ];
    let results = Rc::new(RefCell::new(Vec::new()));
    for (id, message) in messages.into_iter().enumerate() {
        let results = Rc::clone(&results);
        let sent = message.clone();
        echo_client(&mut el, addr, message, move |back| {
            results.borrow_mut().push((id, sent, back));
        })?;
    }
    el.run()?;
    // ANCHOR_END: main

    // ANCHOR: report
    // Clients finish in whatever order the sockets get ready: sort by id.
    let mut results = results.take();
    results.sort_by_key(|(id, _, _)| *id);
    for (id, sent, back) in results {
        let back = back?;
        let same = if back == sent {
            "identical"
        } else {
            "DIFFERENT"
        };
        match std::str::from_utf8(&back) {
            Ok(text) if text.len() < 20 => println!("client {id}: {text:?}"),
            _ => println!("client {id}: {} bytes back, {same}", back.len()),
        }
    }
    let (n, bytes) = (
        stats.connections.load(Relaxed),
        stats.bytes_echoed.load(Relaxed),
    );
    println!("server: {n} connections, {bytes} bytes echoed");
    Ok(())
}
// ANCHOR_END: report
