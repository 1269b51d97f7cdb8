//! The Tokio `probe` against the local server, and against responders on
//! 127.0.0.1 that send one bad reply each, or none. hickory-resolver
//! ignores a reply with another id or another question and keeps waiting,
//! so those end in the timeout; a reply it cannot decode ends the lookup
//! with an error at once. An error either way, never a hang.

use dns_server::{DnsServer, keywords_zone};
use listing_06_06::Answer;
use listing_06_08::{ProbeError, Resolver, probe};
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::thread;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(10);

async fn probe_with_deadline(
    server: SocketAddr,
    limit: Duration,
    name: &str,
) -> Result<Answer, ProbeError> {
    let resolver = Resolver::new(server, limit).unwrap();
    tokio::time::timeout(DEADLINE, probe(&resolver, name))
        .await
        .expect("the probe did not finish within the deadline: a hang")
}

#[tokio::test]
async fn names_in_the_zone_are_found_and_others_are_not() {
    let server = DnsServer::start(keywords_zone()).unwrap();
    let limit = Duration::from_secs(5);
    let found = probe_with_deadline(server.addr(), limit, "fn.test").await;
    let fn_test = Answer::Found(vec![Ipv4Addr::new(192, 0, 2, 2)]);
    assert_eq!(found.unwrap(), fn_test);
    let missing = probe_with_deadline(server.addr(), limit, "dyn.test").await;
    assert_eq!(missing.unwrap(), Answer::NotFound);
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
            thread::sleep(DEADLINE); // keep the port, silently
        }
    });
    addr
}

/// A correct reply to `query`: its header and question, one address.
/// hickory sends an EDNS record in the additional section; the reply
/// leaves it out.
fn good_reply(query: &[u8]) -> Vec<u8> {
    let question_end = 12 + query[12..].iter().position(|&b| b == 0).unwrap();
    let mut reply = query[..question_end + 5].to_vec();
    reply[2] |= 0x80; // a reply
    reply[7] = 1; // one answer
    reply[11] = 0; // no additional records
    reply.extend([0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 99]);
    reply
}

async fn probe_responder(reply: fn(&[u8]) -> Option<Vec<u8>>) -> String {
    let server = responder(reply);
    let limit = Duration::from_millis(500);
    match probe_with_deadline(server, limit, "fn.test").await {
        Ok(answer) => format!("{answer:?}"),
        Err(error) => error.to_string(),
    }
}

#[tokio::test]
async fn the_responder_is_a_fair_test() {
    let answer = probe_responder(|query| Some(good_reply(query))).await;
    assert_eq!(answer, "Found([192.0.2.99])");
}

#[tokio::test]
async fn a_reply_hickory_cannot_decode_is_an_error_at_once() {
    // The responder answers only the first query: had hickory asked
    // again after the failure, the probe would end in the timeout.
    let truncated = probe_responder(|query| {
        let reply = good_reply(query);
        Some(reply[..reply.len() - 3].to_vec())
    });
    let error = truncated.await;
    assert!(
        error.starts_with("protocol error: decoding error"),
        "{error}"
    );
}

#[tokio::test]
async fn replies_hickory_ignores_end_in_the_timeout() {
    let wrong_id = probe_responder(|query| {
        let mut reply = good_reply(query);
        reply[0] ^= 0xFF;
        Some(reply)
    });
    assert_eq!(wrong_id.await, "no answer within 500 ms");
    let other_question = probe_responder(|query| {
        let mut reply = good_reply(query);
        reply[13] = b'x'; // xn.test, where the query asked for fn.test
        Some(reply)
    });
    assert_eq!(other_question.await, "no answer within 500 ms");
    let silent = probe_responder(|_| None);
    assert_eq!(silent.await, "no answer within 500 ms");
}

#[tokio::test]
async fn a_closed_port_looks_like_silence_to_hickory() {
    // hickory's sockets are not connected, so the kernel does not tell
    // them that nobody listens there, as it tells Listing 6-7's.
    let closed = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let limit = Duration::from_millis(500);
    let error = probe_with_deadline(closed, limit, "fn.test").await;
    assert_eq!(error.unwrap_err().to_string(), "no answer within 500 ms");
}
