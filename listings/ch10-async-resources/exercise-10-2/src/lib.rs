//! Exercise 10-2: Listing 10-7's pool, with `close`, which waits for every
//! connection to come back, closes each with a `QUIT`, and refuses
//! further `get`s.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use listing_10_03::Connection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most `size` connections to one server, reused between users.
pub struct Pool {
    addr: SocketAddr,
    permits: Arc<Semaphore>,
    idle: Arc<Mutex<Vec<Connection>>>,
    wait_limit: Duration,
    size: u32,
}

/// A connection taken from the pool; dropping it gives it back.
pub struct Pooled {
    conn: Option<Connection>, // None only inside drop
    idle: Arc<Mutex<Vec<Connection>>>,
    _permit: OwnedSemaphorePermit, // dropped after `drop` below has run
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let conn = self.conn.take().expect("taken only here");
        // A connection cut short mid-request still has an answer coming:
        // the next user would read it as theirs. Drop it instead.
        if !conn.is_in_request() {
            self.idle.lock().unwrap().push(conn);
        }
    }
}

impl Pool {
    pub fn new(addr: SocketAddr, size: u32, wait_limit: Duration) -> Pool {
        let permits = Arc::new(Semaphore::new(size as usize));
        let idle = Arc::new(Mutex::new(Vec::new()));
        Pool {
            addr,
            permits,
            idle,
            wait_limit,
            size,
        }
    }

    /// An idle connection, or a new one if there is room; waits for one to
    /// come back for at most the pool's wait limit.
    pub async fn get(&self) -> Result<Pooled, PoolError> {
        let permits = Arc::clone(&self.permits);
        let permit =
            tokio::time::timeout(self.wait_limit, permits.acquire_owned())
                .await
                .map_err(|_| PoolError::Timeout(self.wait_limit))?
                .map_err(|_| PoolError::Closed)?;
        let idle = self.idle.lock().unwrap().pop(); // the lock ends here
        let conn = match idle {
            Some(conn) => conn,
            None => Connection::connect(self.addr).await?,
        };
        let idle = Arc::clone(&self.idle);
        Ok(Pooled {
            conn: Some(conn),
            idle,
            _permit: permit,
        })
    }
}

impl Pool {
    // ANCHOR: solution
    /// Waits, for the wait limit at most, until every connection is back,
    /// then closes them all; from then on `get` fails with `Closed`.
    /// Returns how many connections it closed.
    pub async fn close(&self) -> Result<usize, PoolError> {
        let permits = Arc::clone(&self.permits);
        let all = permits.acquire_many_owned(self.size);
        let _all = tokio::time::timeout(self.wait_limit, all)
            .await
            .map_err(|_| PoolError::Timeout(self.wait_limit))?
            .map_err(|_| PoolError::Closed)?; // closed already
        // Every permit is ours, so every connection is idle (or gone).
        self.permits.close(); // waiting and later `get`s fail at once
        let idle = std::mem::take(&mut *self.idle.lock().unwrap());
        let count = idle.len();
        for conn in idle {
            conn.close().await?;
        }
        Ok(count)
    }
    // ANCHOR_END: solution

    /// How many connections are open and waiting in the pool.
    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap().len()
    }
}

impl Deref for Pooled {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("taken only in drop")
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("taken only in drop")
    }
}

/// Why [`Pool::get`] gave no connection.
#[derive(Debug)]
pub enum PoolError {
    /// Every connection stayed in use for the whole wait.
    Timeout(Duration),
    /// The pool is closed.
    Closed,
    /// There was room for a new connection, but connecting failed.
    Connect(io::Error),
}

impl From<io::Error> for PoolError {
    fn from(error: io::Error) -> Self {
        PoolError::Connect(error)
    }
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Timeout(limit) => {
                write!(f, "no connection free within {limit:?}")
            }
            PoolError::Closed => write!(f, "the pool is closed"),
            PoolError::Connect(error) => write!(f, "cannot connect: {error}"),
        }
    }
}

impl std::error::Error for PoolError {}
