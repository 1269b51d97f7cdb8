//! The pool's promises, checked at the server: a bound on open
//! connections, reuse, a bounded wait, no reuse of a connection cut short
//! mid-request, and permits returned on every way out.

use std::sync::Arc;
use std::time::Duration;

use listing_10_07::{Pool, PoolError};
use session_server::SessionServer;
use tokio::task::JoinSet;

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_users_share_three_connections() {
    let server = SessionServer::start().unwrap();
    let pool = Arc::new(Pool::new(server.addr(), 3, WAIT));
    let mut users = JoinSet::new();
    for user in 0..20 {
        let pool = Arc::clone(&pool);
        users.spawn(async move {
            let mut conn = pool.get().await.unwrap();
            let answer = conn.request(&format!("user {user}")).await.unwrap();
            assert_eq!(answer, format!("OK user {user}"));
            conn.request("SLEEP 10").await.unwrap();
        });
    }
    users.join_all().await;
    assert_eq!((server.opened(), server.max_open(), pool.idle()), (3, 3, 3));
}

#[tokio::test]
async fn a_waiting_user_gets_the_connection_given_back() {
    let server = SessionServer::start().unwrap();
    let pool = Arc::new(Pool::new(server.addr(), 1, WAIT));
    let held = pool.get().await.unwrap();
    let waiter = tokio::spawn({
        let pool = Arc::clone(&pool);
        async move { pool.get().await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!waiter.is_finished(), "the second user must wait");
    drop(held);
    waiter.await.unwrap().unwrap();
    assert_eq!(server.opened(), 1);
}

#[tokio::test]
async fn waiting_is_bounded() {
    let server = SessionServer::start().unwrap();
    let pool = Pool::new(server.addr(), 1, Duration::from_millis(50));
    let _held = pool.get().await.unwrap();
    let error = pool.get().await.err().expect("no connection is free");
    assert!(matches!(error, PoolError::Timeout(_)), "{error}");
}

#[tokio::test]
async fn a_connection_cut_short_is_not_reused() {
    let server = SessionServer::start().unwrap();
    let pool = Pool::new(server.addr(), 1, WAIT);
    let mut conn = pool.get().await.unwrap();
    let limit = Duration::from_millis(50);
    let cut = tokio::time::timeout(limit, conn.request("SLEEP 1500")).await;
    assert!(cut.is_err());
    drop(conn);
    assert_eq!(pool.idle(), 0);
    let mut conn = pool.get().await.unwrap();
    // A reused connection would answer with the old request's `OK`.
    assert_eq!(conn.request("fresh").await.unwrap(), "OK fresh");
    assert_eq!(server.opened(), 2);
}

#[tokio::test]
async fn a_failed_connect_gives_the_permit_back() {
    let addr = {
        let server = SessionServer::start().unwrap();
        server.addr()
    }; // stopped: nothing listens there now
    let pool = Pool::new(addr, 1, Duration::from_millis(50));
    for _ in 0..2 {
        let error = pool.get().await.err().expect("nothing to connect to");
        assert!(matches!(error, PoolError::Connect(_)), "{error}");
    }
}
