//! `with_connection` closes the connection on success and on error; and,
//! being an ordinary async function, not when its future is dropped.

use std::io;
use std::time::Duration;

use listing_10_05::with_connection;
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
