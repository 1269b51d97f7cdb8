//! Listing 10-7's pool, from the `deadpool` crate. deadpool keeps the
//! same parts (a semaphore, a queue of idle objects, a guard whose `Drop`
//! gives the object back); we supply a `Manager` that says how to create
//! a connection and whether an idle one may be reused.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use deadpool::managed::{self, Metrics, RecycleError, RecycleResult};
pub use listing_10_03::Connection;

// ANCHOR: manager
/// Tells deadpool how to make and check connections to one server.
pub struct SessionManager {
    addr: SocketAddr,
}

impl managed::Manager for SessionManager {
    type Type = Connection;
    type Error = io::Error;

    async fn create(&self) -> io::Result<Connection> {
        Connection::connect(self.addr).await
    }

    /// Called on an idle connection before it is handed out again.
    async fn recycle(
        &self,
        conn: &mut Connection,
        _: &Metrics,
    ) -> RecycleResult<io::Error> {
        if conn.is_in_request() {
            return Err(RecycleError::message("an answer is still owed"));
        }
        Ok(())
    }
}
// ANCHOR_END: manager

// ANCHOR: build
pub type Pool = managed::Pool<SessionManager>;

pub fn pool(addr: SocketAddr, size: usize, wait: Duration) -> Pool {
    Pool::builder(SessionManager { addr })
        .max_size(size)
        .wait_timeout(Some(wait))
        .runtime(deadpool::Runtime::Tokio1) // what runs the timeouts
        .build()
        .expect("a runtime is set, as timeouts need")
}
// ANCHOR_END: build
