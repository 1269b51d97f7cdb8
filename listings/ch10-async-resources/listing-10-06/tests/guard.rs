//! The guard's promises: closed on success, on error and on cancellation,
//! each time with a QUIT; and, on a runtime that is shutting down, not.

use std::io;
use std::time::Duration;

use listing_10_06::{Closing, with_connection};
use session_server::SessionServer;

const QUIT_AFTER_ONE: &str = "conn 1: 1 request, then QUIT";

#[tokio::test]
async fn closes_on_success() {
    let mut server = SessionServer::start().unwrap();
    let answer =
        with_connection(server.addr(), async |conn| conn.request("A").await);
    assert_eq!(answer.await.unwrap(), "OK A");
    assert_eq!(server.next_event().await.unwrap(), QUIT_AFTER_ONE);
}

#[tokio::test]
async fn closes_on_error() {
    let mut server = SessionServer::start().unwrap();
    let failed = with_connection(server.addr(), async |conn| {
        conn.request("SLEEP soon").await
    });
    assert_eq!(
        failed.await.unwrap_err().to_string(),
        "SLEEP takes milliseconds"
    );
    assert_eq!(server.next_event().await.unwrap(), QUIT_AFTER_ONE);
}

#[tokio::test]
async fn closes_on_cancellation_by_spawning() {
    let mut server = SessionServer::start().unwrap();
    let slow = with_connection(server.addr(), async |conn| {
        conn.request("SLEEP 1500").await
    });
    let limit = Duration::from_millis(50);
    assert!(tokio::time::timeout(limit, slow).await.is_err());
    assert_eq!(server.next_event().await.unwrap(), QUIT_AFTER_ONE);
}

#[tokio::test]
async fn an_explicit_close_after_a_cut_short_request_reads_the_owed_answer() {
    let mut server = SessionServer::start().unwrap();
    let mut conn = Closing::connect(server.addr()).await.unwrap();
    let limit = Duration::from_millis(50);
    let cut = tokio::time::timeout(limit, conn.request("SLEEP 1500")).await;
    assert!(cut.is_err(), "the request should have been cut short");
    conn.close().await.unwrap();
    assert_eq!(server.next_event().await.unwrap(), QUIT_AFTER_ONE);
}

#[tokio::test]
async fn an_explicit_close_reports_its_error() {
    let server = SessionServer::start().unwrap();
    let conn = Closing::connect(server.addr()).await.unwrap();
    drop(server); // the server stops: the close cannot get its BYE
    let error = conn.close().await.unwrap_err();
    let kinds = [
        io::ErrorKind::UnexpectedEof,
        io::ErrorKind::ConnectionReset,
        io::ErrorKind::BrokenPipe,
    ];
    assert!(kinds.contains(&error.kind()), "{error}");
}

#[test]
fn a_runtime_shutting_down_drops_the_spawned_close() {
    let mut server = SessionServer::start().unwrap();
    let addr = server.addr();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (ready, is_ready) = tokio::sync::oneshot::channel();
    runtime.spawn(async move {
        let mut conn = Closing::connect(addr).await?;
        let _ = ready.send(());
        conn.request("SLEEP 300").await
    });
    runtime.block_on(is_ready).unwrap();
    drop(runtime);
    let events = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let event = events.block_on(server.next_event()).unwrap();
    assert_eq!(event, "conn 1: 1 request, then closed without QUIT");
}
