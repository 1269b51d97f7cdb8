//! Exercise 6-2: UDP may lose a query or its reply, so a real client asks
//! again. `probe_with_retry` sends up to `attempts` queries, one after the
//! other, each with its own timeout, and gives up on any other error.

use executor_extras::Executor;
use listing_06_06::Answer;
use listing_06_07::{ProbeError, Resolver, probe};
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

// ANCHOR: solution
/// Like `probe`, but a timeout is retried, up to `attempts` queries in
/// all. Any other error is returned at once: asking again would not help.
async fn probe_with_retry(
    resolver: &Resolver,
    name: &str,
    attempts: u32,
) -> Result<Answer, ProbeError> {
    let mut attempt = 1;
    loop {
        match probe(resolver, name).await {
            Err(ProbeError::Timeout(_)) if attempt < attempts => {
                println!("attempt {attempt} timed out; asking again");
                attempt += 1;
            }
            result => return result,
        }
    }
}
// ANCHOR_END: solution

// ANCHOR: main
/// A server on 127.0.0.1 that ignores the first `ignore` queries and
/// answers the next with one address.
fn forgetful_server(ignore: usize) -> io::Result<SocketAddr> {
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    socket.set_read_timeout(Some(Duration::from_secs(10)))?;
    let addr = socket.local_addr()?;
    thread::spawn(move || {
        let mut query = [0; 512];
        let mut seen = 0;
        while let Ok((n, client)) = socket.recv_from(&mut query) {
            seen += 1; // the queries received so far, this one included
            if seen > ignore {
                let mut reply = query[..n].to_vec();
                reply[2] |= 0x80; // a reply...
                reply[7] = 1; // ...with one answer: 192.0.2.42
                reply.extend([0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]);
                reply.extend([192, 0, 2, 42]);
                let _ = socket.send_to(&reply, client);
            }
        }
    });
    Ok(addr)
}
// ANCHOR_END: main

/// Probes `fn.test` on `server` with 3 attempts of 200 ms each.
fn run(server: SocketAddr) -> io::Result<Result<Answer, ProbeError>> {
    let executor = Executor::new()?;
    let reactor = Arc::clone(executor.reactor());
    let limit = Duration::from_millis(200);
    let resolver = Resolver {
        reactor,
        server,
        limit,
    };
    let (done, answer) = mpsc::channel();
    executor.spawner().spawn(async move {
        let _ = done.send(probe_with_retry(&resolver, "fn.test", 3).await);
    });
    executor.run()?;
    Ok(answer.recv().expect("the task sent its answer"))
}

fn main() -> io::Result<()> {
    for ignore in [2, 3] {
        println!("a server that ignores {ignore} queries:");
        match run(forgetful_server(ignore)?)? {
            Ok(answer) => println!("answer: {answer:?}"),
            Err(error) => println!("error: {error}"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    /// Runs `f` on a thread of its own; fails the test if it takes longer
    /// than ten seconds, and with `f`'s own message if it panics.
    fn within_deadline<T: Send + 'static>(
        f: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        use std::sync::mpsc::{self, RecvTimeoutError};
        let (done, result) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let _ = done.send(f());
        });
        match result.recv_timeout(Duration::from_secs(10)) {
            Ok(value) => value,
            Err(RecvTimeoutError::Disconnected) => {
                std::panic::resume_unwind(thread.join().unwrap_err())
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!("did not finish within the deadline: a hang")
            }
        }
    }

    #[test]
    fn a_lost_query_is_asked_again() {
        let server = forgetful_server(2).unwrap();
        let answer = within_deadline(move || run(server).unwrap());
        let expected = Answer::Found(vec![Ipv4Addr::new(192, 0, 2, 42)]);
        assert_eq!(answer.unwrap(), expected);
    }

    #[test]
    fn it_gives_up_after_the_last_attempt() {
        let server = forgetful_server(3).unwrap();
        let answer = within_deadline(move || run(server).unwrap());
        assert!(matches!(answer, Err(ProbeError::Timeout(_))));
    }

    #[test]
    fn other_errors_are_not_retried() {
        // The first reply answers another query; the second would be good.
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let addr = socket.local_addr().unwrap();
        thread::spawn(move || {
            let mut query = [0; 512];
            for seen in 0..2 {
                let Ok((n, client)) = socket.recv_from(&mut query) else {
                    return; // the test is over
                };
                let mut reply = query[..n].to_vec();
                reply[2] |= 0x80;
                if seen == 0 {
                    reply[0] ^= 0xFF; // the wrong id
                }
                let _ = socket.send_to(&reply, client);
            }
        });
        let answer = within_deadline(move || run(addr).unwrap());
        assert!(matches!(answer, Err(ProbeError::Reply(_))), "{answer:?}");
    }
}
