//! The client's two limits, against tiny servers on 127.0.0.1 that
//! misbehave: one sends a line that never ends, one never answers. Each
//! test has a deadline of its own, so a client that hangs fails it.

use std::future::Future;
use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use listing_10_03::{Connection, DEFAULT_DEADLINE, MAX_ANSWER};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const TEST_DEADLINE: Duration = Duration::from_secs(10);

/// Fails the test if `work` takes longer than [`TEST_DEADLINE`].
async fn within_deadline<T>(work: impl Future<Output = T>) -> T {
    tokio::time::timeout(TEST_DEADLINE, work)
        .await
        .expect("the client hung past the test's deadline")
}

/// A server for one connection: it reads one request line, then sends
/// `answer`, and `more` after it for ever if given, until the client goes.
async fn server(answer: Vec<u8>, more: Option<Vec<u8>>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut socket = BufReader::new(socket);
        let mut request = String::new();
        socket.read_line(&mut request).await.unwrap();
        if socket.write_all(&answer).await.is_err() {
            return;
        }
        match more {
            // Until a write fails: the client has closed.
            Some(more) => while socket.write_all(&more).await.is_ok() {},
            // Silent: hold the connection open, reading what comes.
            None => {
                while socket.read_line(&mut request).await.is_ok_and(|n| n > 0)
                {
                }
            }
        }
    });
    addr
}

#[tokio::test]
async fn an_answer_of_the_longest_length_is_read() {
    let mut answer = vec![b'a'; MAX_ANSWER];
    answer.push(b'\n');
    let addr = server(answer, None).await;
    let mut conn = Connection::connect(addr).await.unwrap();
    let answer = within_deadline(conn.request("GET alpha")).await.unwrap();
    assert_eq!(answer.len(), MAX_ANSWER);
}

#[tokio::test]
async fn an_answer_one_byte_too_long_is_an_error() {
    let mut answer = vec![b'a'; MAX_ANSWER + 1];
    answer.push(b'\n');
    let addr = server(answer, None).await;
    let mut conn = Connection::connect(addr).await.unwrap();
    let error = within_deadline(conn.request("GET alpha"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidData);
    assert_eq!(error.to_string(), "an answer longer than 1024 bytes");
}

#[tokio::test]
async fn an_endless_line_is_an_error_not_a_full_memory() {
    let addr = server(b"OK ".to_vec(), Some(vec![b'x'; 64 * 1024])).await;
    let mut conn = Connection::connect(addr).await.unwrap();
    let error = within_deadline(conn.request("GET alpha"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidData);
    assert_eq!(error.to_string(), "an answer longer than 1024 bytes");
    // The answer still owed is as endless: close fails too, at once.
    let error = within_deadline(conn.close()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidData);
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout() {
    let addr = server(Vec::new(), None).await;
    let deadline = Duration::from_millis(300);
    let conn = Connection::connect(addr).await.unwrap();
    let mut conn = conn.with_deadline(deadline);
    let start = Instant::now();
    let error = within_deadline(conn.request("GET alpha"))
        .await
        .unwrap_err();
    assert!(start.elapsed() >= deadline, "{:?}", start.elapsed());
    assert_eq!(error.kind(), ErrorKind::TimedOut);
    assert_eq!(error.to_string(), "no answer within 300ms");
    // close waits for the answer still owed, within the deadline too.
    assert!(conn.is_in_request());
    let error = within_deadline(conn.close()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TimedOut);
}

#[tokio::test(start_paused = true)]
async fn the_default_deadline_is_five_seconds() {
    // Paused time: the runtime jumps to the deadline once nothing else
    // can happen, so this test takes no five seconds.
    assert_eq!(DEFAULT_DEADLINE, Duration::from_secs(5));
    let addr = server(Vec::new(), None).await;
    let mut conn = Connection::connect(addr).await.unwrap();
    // The test's own deadline, longer, runs on the same paused clock.
    let error = within_deadline(conn.request("GET alpha"))
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), "no answer within 5s");
}
