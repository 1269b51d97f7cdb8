use std::sync::Arc;
use std::time::Duration;

use exercise_10_2::{Pool, PoolError};
use session_server::SessionServer;

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn close_waits_for_connections_in_use_and_quits_each() {
    let mut server = SessionServer::start().unwrap();
    let pool = Arc::new(Pool::new(server.addr(), 2, WAIT));
    let (mut first, second) =
        (pool.get().await.unwrap(), pool.get().await.unwrap());
    drop(second);
    let user = tokio::spawn(async move {
        first.request("SLEEP 100").await.unwrap();
    }); // `first` goes back to the pool when the user's task ends
    assert_eq!(pool.close().await.unwrap(), 2);
    assert!(
        user.is_finished(),
        "close returned before the user was done"
    );
    let mut events = vec![
        server.next_event().await.unwrap(),
        server.next_event().await.unwrap(),
    ];
    events.sort();
    assert_eq!(
        events,
        [
            "conn 1: 1 request, then QUIT",
            "conn 2: 0 requests, then QUIT"
        ]
    );
    assert!(matches!(pool.get().await, Err(PoolError::Closed)));
    assert!(matches!(pool.close().await, Err(PoolError::Closed)));
}

#[tokio::test]
async fn close_gives_up_on_a_connection_never_returned() {
    let server = SessionServer::start().unwrap();
    let pool = Pool::new(server.addr(), 1, Duration::from_millis(50));
    let kept = pool.get().await.unwrap();
    assert!(matches!(pool.close().await, Err(PoolError::Timeout(_))));
    // Not closed: the pool still works once the connection is back.
    drop(kept);
    assert!(pool.get().await.is_ok());
}
