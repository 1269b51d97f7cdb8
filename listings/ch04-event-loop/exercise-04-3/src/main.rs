//! Exercise 4-3, a solution: a countdown server. Each client hears "3",
//! "2", "1" and "liftoff", one line every 100 ms, and is then disconnected.
//! Between two lines a connection is neither a thread nor a socket in the
//! poller: it is a timer whose callback owns the socket.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use event_loop::EventLoop;

const TICK: Duration = Duration::from_millis(100);
const LINES: [&str; 4] = ["3\n", "2\n", "1\n", "liftoff\n"];

// ANCHOR: solution
/// Sends `LINES[line]` from byte `at` on; then sets a timer for the next
/// line, or, after the last, drops the socket, which hangs up.
fn send(el: &mut EventLoop, mut stream: TcpStream, line: usize, mut at: usize) {
    let bytes = LINES[line].as_bytes();
    while at < bytes.len() {
        match stream.write(&bytes[at..]) {
            Ok(0) => return, // cannot write: give up on this client
            Ok(n) => at += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let more = move |el: &mut EventLoop, s| send(el, s, line, at);
                if let Err(e) = el.when_writable(stream, more) {
                    eprintln!("cannot wait for a client: {e}");
                }
                return;
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return, // the client left: drop its socket
        }
    }
    if line + 1 < LINES.len() {
        el.call_later(TICK, move |el| send(el, stream, line + 1, 0));
    }
}
// ANCHOR_END: solution

/// Accepts `left` more clients and starts each one's countdown.
fn accept(el: &mut EventLoop, listener: TcpListener, mut left: usize) {
    while left > 0 {
        match listener.accept() {
            Ok((stream, _)) => {
                left -= 1;
                match stream.set_nonblocking(true) {
                    Ok(()) => send(el, stream, 0, 0),
                    Err(e) => eprintln!("cannot serve a client: {e}"),
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => {
                // Say, out of file handles: try again on the next pass.
                // (A production server backs off for a while first.)
                eprintln!("accept failed: {e}");
                break;
            }
        }
    }
    if left > 0 {
        let again = move |el: &mut EventLoop, l| accept(el, l, left);
        if let Err(e) = el.when_readable(listener, again) {
            eprintln!("cannot wait for clients any more: {e}");
        }
    }
}

/// Serves `clients` connections, then lets the loop finish.
fn serve(
    el: &mut EventLoop,
    listener: TcpListener,
    clients: usize,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    el.when_readable(listener, move |el, l| accept(el, l, clients))
}

// ANCHOR: main
fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let server = thread::spawn(move || -> io::Result<()> {
        let mut el = EventLoop::new()?;
        serve(&mut el, listener, 3)?;
        el.run()
    });
    let clients: Vec<_> = (0..3)
        .map(|_| {
            thread::spawn(move || -> io::Result<String> {
                let mut heard = String::new();
                TcpStream::connect(addr)?.read_to_string(&mut heard)?;
                Ok(heard)
            })
        })
        .collect();
    for (id, client) in clients.into_iter().enumerate() {
        let heard = client.join().expect("client panicked")?;
        println!("client {id} heard: {}", heard.replace('\n', " ").trim_end());
    }
    server.join().expect("server panicked")
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::io::{BufRead, BufReader};
    use std::rc::Rc;
    use std::time::Instant;

    /// Starts the server for `clients` connections in its own thread.
    fn start(clients: usize) -> (std::net::SocketAddr, thread::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let mut el = EventLoop::new().unwrap();
            serve(&mut el, listener, clients).unwrap();
            el.run().unwrap();
        });
        (addr, server)
    }

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

    fn connect(addr: std::net::SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream
    }

    #[test]
    fn fifty_clients_hear_the_whole_countdown() {
        let (addr, server) = start(50);
        let clients: Vec<_> = (0..50)
            .map(|_| {
                thread::spawn(move || {
                    let mut heard = String::new();
                    connect(addr).read_to_string(&mut heard).unwrap();
                    heard
                })
            })
            .collect();
        for client in clients {
            assert_eq!(join_within_a_minute(client), "3\n2\n1\nliftoff\n");
        }
        join_within_a_minute(server);
    }

    /// Reads `stream` line by line, noting when each line arrived.
    fn hear(stream: TcpStream) -> Vec<(String, Instant)> {
        BufReader::new(stream)
            .lines()
            .map(|line| (line.expect("a line"), Instant::now()))
            .collect()
    }

    /// What the loop holds, sampled every 10 ms: (sockets in the poller,
    /// timers in the heap). Stops once both are zero.
    fn sample(el: &mut EventLoop, samples: Rc<RefCell<Vec<(usize, usize)>>>) {
        el.call_later(Duration::from_millis(10), move |el| {
            let held = (el.waiting_sockets(), el.pending_timers());
            samples.borrow_mut().push(held);
            if held != (0, 0) {
                sample(el, samples);
            }
        });
    }

    #[test]
    fn between_lines_a_client_is_a_timer_and_lines_are_a_tick_apart() {
        const CLIENTS: usize = 50;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let start = Instant::now();
        // All connected before the loop starts (the backlog has room), so
        // its first pass accepts them all and drops the listener.
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let stream = connect(addr);
                thread::spawn(move || hear(stream))
            })
            .collect();
        let server = thread::spawn(move || {
            let mut el = EventLoop::new().unwrap();
            serve(&mut el, listener, CLIENTS).unwrap();
            let samples = Rc::new(RefCell::new(Vec::new()));
            sample(&mut el, Rc::clone(&samples));
            el.run().unwrap();
            samples.take()
        });
        for client in clients {
            let heard = join_within_a_minute(client);
            let lines: Vec<&str> = heard.iter().map(|(l, _)| &**l).collect();
            assert_eq!(lines, ["3", "2", "1", "liftoff"]);
            for (k, (_, at)) in heard.iter().enumerate() {
                // Line k is written at least k ticks after the first one,
                // and a timer never fires early.
                assert!(*at - start >= TICK * k as u32, "line {k} came early");
            }
            for pair in heard.windows(2) {
                // A tick apart; a quarter tick leaves room for a reader
                // thread that a busy machine wakes late.
                let gap = pair[1].1 - pair[0].1;
                assert!(gap >= TICK / 4, "two lines {gap:?} apart");
            }
        }
        let samples = join_within_a_minute(server);
        // While clients count down, none of them is in the poller...
        let counting = samples.iter().filter(|(_, timers)| *timers > 0);
        assert!(counting.clone().count() > 0, "no sample caught a countdown");
        for (sockets, timers) in counting {
            assert_eq!(*sockets, 0, "{sockets} in the poller, {timers} timers");
        }
        // ...and all fifty wait at once, each as one timer in the heap.
        let most = samples.iter().map(|(_, timers)| *timers).max();
        assert_eq!(most, Some(CLIENTS), "samples: {samples:?}");
    }

    #[test]
    fn a_client_that_leaves_early_costs_nobody_else() {
        let (addr, server) = start(2);
        let mut quitter = connect(addr);
        let mut first = [0; 2];
        quitter.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"3\n");
        drop(quitter); // the server's next writes to it fail
        let mut heard = String::new();
        connect(addr).read_to_string(&mut heard).unwrap();
        assert_eq!(heard, "3\n2\n1\nliftoff\n");
        join_within_a_minute(server); // the loop survived and finished
    }
}
