use std::time::Duration;

use exercise_10_1::lookup_both;
use session_server::SessionServer;

#[tokio::test]
async fn closes_after_success() {
    let mut server = SessionServer::start().unwrap();
    let answers = lookup_both(server.addr(), "alpha", "GET beta").await;
    let expected = ("OK GET alpha".into(), "OK GET beta".into());
    assert_eq!(answers.unwrap(), expected);
    let event = server.next_event().await.unwrap();
    assert_eq!(event, "conn 1: 2 requests, then QUIT");
}

#[tokio::test]
async fn closes_after_a_failed_lookup_and_returns_its_error() {
    let mut server = SessionServer::start().unwrap();
    let failed = lookup_both(server.addr(), "alpha", "SLEEP x").await;
    assert_eq!(failed.unwrap_err().to_string(), "SLEEP takes milliseconds");
    let event = server.next_event().await.unwrap();
    assert_eq!(event, "conn 1: 2 requests, then QUIT");
}

#[tokio::test]
async fn a_dropped_future_does_not_close() {
    let mut server = SessionServer::start().unwrap();
    let slow = lookup_both(server.addr(), "alpha", "SLEEP 1500");
    let limit = Duration::from_millis(50);
    assert!(tokio::time::timeout(limit, slow).await.is_err());
    let event = server.next_event().await.unwrap();
    assert_eq!(event, "conn 1: 2 requests, then closed without QUIT");
}
