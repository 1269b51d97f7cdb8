//! `probe` against the real local server, and against tiny responders on
//! 127.0.0.1 that send one bad reply each, or none at all. Every probe
//! runs on a thread of its own with a deadline, so a hang fails the test.

use dns_server::{DnsServer, KEYWORDS, keywords_zone};
use executor_extras::Executor;
use listing_06_06::{Answer, ReplyError};
use listing_06_07::{ProbeError, Resolver, probe};
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::panic;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(10);

/// Runs `f` on a thread of its own. Fails the test if `f` takes longer
/// than the deadline, and with `f`'s own message if it panics: a panic
/// in an executor must not pass for a hang.
fn within_deadline<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, result) = mpsc::channel();
    let thread = thread::spawn(move || {
        let _ = done.send(f());
    });
    match result.recv_timeout(DEADLINE) {
        Ok(value) => value,
        Err(RecvTimeoutError::Disconnected) => {
            panic::resume_unwind(thread.join().unwrap_err())
        }
        Err(RecvTimeoutError::Timeout) => {
            panic!("did not finish within the deadline: a hang")
        }
    }
}

/// Probes each name in turn on a new executor.
fn probe_all(
    server: SocketAddr,
    limit: Duration,
    names: &[&str],
) -> Vec<Result<Answer, ProbeError>> {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    within_deadline(move || {
        let executor = Executor::new().unwrap();
        let resolver = Resolver {
            reactor: Arc::clone(executor.reactor()),
            server,
            limit,
        };
        let (done, answers) = mpsc::channel();
        executor.spawner().spawn(async move {
            let mut answers = Vec::new();
            for name in names {
                answers.push(probe(&resolver, &name).await);
            }
            let _ = done.send(answers);
        });
        executor.run().unwrap();
        answers.recv().expect("run returns when the task is done")
    })
}

#[test]
fn names_in_the_zone_are_found_and_others_are_not() {
    let server = DnsServer::start(keywords_zone()).unwrap();
    let limit = Duration::from_secs(5);
    let names = ["fn.test", "dyn.test", "nosuchword.test"];
    let answers = probe_all(server.addr(), limit, &names);
    let fn_test = Answer::Found(vec![Ipv4Addr::new(192, 0, 2, 2)]);
    assert_eq!(answers[0].as_ref().unwrap(), &fn_test);
    assert_eq!(answers[1].as_ref().unwrap(), &Answer::NotFound);
    assert_eq!(answers[2].as_ref().unwrap(), &Answer::NotFound);
}

#[test]
fn a_name_outside_the_zone_is_refused_by_the_server() {
    let server = DnsServer::start(keywords_zone()).unwrap();
    let answers = probe_all(server.addr(), DEADLINE / 2, &["fn.dev"]);
    let error = answers[0].as_ref().unwrap_err();
    assert!(matches!(error, ProbeError::Reply(ReplyError::Server(5))));
    assert_eq!(error.to_string(), "the server answered REFUSED (code 5)");
}

/// A server that answers one query with whatever `reply` makes of it.
fn responder(reply: fn(&[u8]) -> Option<Vec<u8>>) -> SocketAddr {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(DEADLINE)).unwrap();
    let addr = socket.local_addr().unwrap();
    thread::spawn(move || {
        let mut query = [0; 512];
        if let Ok((n, client)) = socket.recv_from(&mut query) {
            if let Some(bytes) = reply(&query[..n]) {
                socket.send_to(&bytes, client).unwrap();
            }
            // Keep the socket open (silent) until the test is surely over.
            thread::sleep(DEADLINE);
        }
    });
    addr
}

/// A correct reply to `query`: its header and question, and one address.
fn good_reply(query: &[u8]) -> Vec<u8> {
    let mut reply = query.to_vec();
    reply[2] |= 0x80; // a reply
    reply[7] = 1; // one answer
    reply.extend([0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 99]);
    reply
}

fn probe_one(server: SocketAddr) -> Result<Answer, ProbeError> {
    let limit = Duration::from_millis(300);
    probe_all(server, limit, &["fn.test"]).pop().unwrap()
}

#[test]
fn the_responder_is_a_fair_test() {
    let server = responder(|query| Some(good_reply(query)));
    let address = Ipv4Addr::new(192, 0, 2, 99);
    assert_eq!(probe_one(server).unwrap(), Answer::Found(vec![address]));
}

#[test]
fn a_truncated_reply_is_an_error() {
    let server = responder(|query| {
        let reply = good_reply(query);
        Some(reply[..reply.len() - 3].to_vec())
    });
    let error = probe_one(server).unwrap_err();
    assert!(matches!(error, ProbeError::Reply(ReplyError::Truncated)));
    assert_eq!(error.to_string(), "the reply is truncated");
}

#[test]
fn a_malformed_reply_is_an_error() {
    let server = responder(|query| {
        let mut reply = good_reply(query);
        reply[query.len()] = 0x80; // the answer's name: a bad length
        Some(reply)
    });
    let error = probe_one(server).unwrap_err();
    let expected = ReplyError::Malformed("bad label length");
    assert!(matches!(error, ProbeError::Reply(e) if e == expected));
}

#[test]
fn a_reply_to_another_question_is_an_error() {
    let server = responder(|query| {
        let mut reply = good_reply(query);
        reply[13] = b'x'; // xn.test, where the query asked for fn.test
        Some(reply)
    });
    let error = probe_one(server).unwrap_err();
    assert!(matches!(
        error,
        ProbeError::Reply(ReplyError::OtherQuestion)
    ));
    assert_eq!(error.to_string(), "the reply answers another question");
}

#[test]
fn a_reply_with_the_wrong_id_is_an_error() {
    let server = responder(|query| {
        let mut reply = good_reply(query);
        reply[0] ^= 0xFF;
        Some(reply)
    });
    let error = probe_one(server).unwrap_err();
    assert!(matches!(
        error,
        ProbeError::Reply(ReplyError::WrongId { .. })
    ));
    assert!(error.to_string().contains("does not match the query's"));
}

#[test]
fn a_silent_server_is_a_timeout() {
    let server = responder(|_| None);
    let error = probe_one(server).unwrap_err();
    assert!(matches!(error, ProbeError::Timeout(_)));
    assert_eq!(error.to_string(), "no answer within 300 ms");
}

#[test]
fn a_closed_port_is_an_error() {
    // Bind a port, then close it: nobody listens there now.
    let addr = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let error = probe_one(addr).unwrap_err();
    assert!(matches!(error, ProbeError::Io(_)), "{error:?}");
}

#[test]
fn every_query_is_in_flight_at_once() {
    let server = DnsServer::start(keywords_zone()).unwrap();
    let addr = server.addr();
    within_deadline(move || {
        let executor = Executor::new().unwrap();
        let resolver = Resolver {
            reactor: Arc::clone(executor.reactor()),
            server: addr,
            limit: DEADLINE / 2,
        };
        for word in KEYWORDS {
            let resolver = resolver.clone();
            executor.spawner().spawn(async move {
                let name = format!("{word}.test");
                probe(&resolver, &name).await.unwrap();
            });
        }
        executor.run().unwrap();
    });
    assert_eq!(server.queries(), KEYWORDS.len());
    assert_eq!(server.max_in_flight(), KEYWORDS.len());
}
