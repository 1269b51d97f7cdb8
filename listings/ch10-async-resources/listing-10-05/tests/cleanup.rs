//! `with_connection` closes the connection on success and on error; and,
//! being an ordinary async function, not when its future is dropped.

use std::io;
use std::time::Duration;

use listing_10_05::{with_connection, with_connections};
use session_server::SessionServer;

#[tokio::test]
async fn closes_after_a_body_that_succeeds() {
    let mut server = SessionServer::start().unwrap();
    let answer = with_connection(server.addr(), async |conn| {
        conn.request("GET alpha").await
    })
    .await
    .unwrap();
    assert_eq!(answer, "OK GET alpha");
    let event = server.next_event().await.unwrap();
    assert_eq!(event, "conn 1: 1 request, then QUIT");
}

#[tokio::test]
async fn closes_after_a_body_that_fails_and_returns_its_error() {
    let mut server = SessionServer::start().unwrap();
    let result: io::Result<()> = with_connection(server.addr(), async |conn| {
        conn.request("GET alpha").await?;
        Err(io::Error::other("the body failed"))
    })
    .await;
    assert_eq!(result.unwrap_err().to_string(), "the body failed");
    let event = server.next_event().await.unwrap();
    assert_eq!(event, "conn 1: 1 request, then QUIT");
}

#[tokio::test]
async fn does_not_close_when_cancelled() {
    let mut server = SessionServer::start().unwrap();
    let scoped = with_connection(server.addr(), async |conn| {
        conn.request("SLEEP 1000").await
    });
    let cancelled = tokio::time::timeout(Duration::from_millis(100), scoped);
    assert!(cancelled.await.is_err(), "the body should still be waiting");
    let event = server.next_event().await.unwrap();
    assert_eq!(event, "conn 1: 1 request, then closed without QUIT");
}

/// An address on 127.0.0.1 where nothing listens.
fn closed_port() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

async fn events(server: &mut SessionServer, count: usize) -> Vec<String> {
    let mut events = Vec::new();
    for _ in 0..count {
        events.push(server.next_event().await.unwrap());
    }
    events
}

#[tokio::test]
async fn the_stack_closes_every_connection_last_first() {
    let mut server = SessionServer::start().unwrap();
    let addrs = [server.addr(); 3];
    let count = with_connections(&addrs, async |conns| Ok(conns.len()));
    assert_eq!(count.await.unwrap(), 3);
    let expected =
        [3, 2, 1].map(|n| format!("conn {n}: 0 requests, then QUIT"));
    assert_eq!(events(&mut server, 3).await, expected);
}

#[tokio::test]
async fn the_stack_closes_every_connection_when_the_body_fails() {
    let mut server = SessionServer::start().unwrap();
    let addrs = [server.addr(); 2];
    let failed: io::Result<()> = with_connections(&addrs, async |conns| {
        conns[0].request("SLEEP x").await?;
        Ok(())
    })
    .await;
    assert_eq!(failed.unwrap_err().to_string(), "SLEEP takes milliseconds");
    let expected = [
        "conn 2: 0 requests, then QUIT",
        "conn 1: 1 request, then QUIT",
    ];
    assert_eq!(events(&mut server, 2).await, expected);
}

#[tokio::test]
async fn a_failed_connect_closes_the_ones_already_open() {
    let mut server = SessionServer::start().unwrap();
    let addrs = [server.addr(), server.addr(), closed_port()];
    let refused = with_connections(&addrs, async |_| Ok(())).await;
    assert_eq!(
        refused.unwrap_err().kind(),
        io::ErrorKind::ConnectionRefused
    );
    let expected = [2, 1].map(|n| format!("conn {n}: 0 requests, then QUIT"));
    assert_eq!(events(&mut server, 2).await, expected);
    assert_eq!(server.opened(), 2);
}
