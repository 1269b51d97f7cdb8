//! A connection guard that closes itself: explicitly with `close().await`,
//! or, when dropped unclosed (a cancelled future, say), by spawning the
//! close as a task on the runtime it is dropped in.

use std::io;
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use listing_10_03::Connection;
use tokio::runtime::Handle;

/// How long a close spawned by `Drop` may take before it gives up: nobody
/// waits for that task, so nothing else would stop a stuck one.
const CLOSE_LIMIT: Duration = Duration::from_secs(5);

// ANCHOR: guard
/// A connection that is closed even if nobody calls `close`.
pub struct Closing {
    conn: Option<Connection>, // None once closed
}

impl Drop for Closing {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return; // closed already
        };
        // Drop cannot wait, but it can start a task that will.
        if let Ok(runtime) = Handle::try_current() {
            runtime.spawn(async move {
                let _ = tokio::time::timeout(CLOSE_LIMIT, conn.close()).await;
            });
        } // no runtime here: the socket closes without a QUIT
    }
}
// ANCHOR_END: guard

// ANCHOR: explicit
impl Closing {
    pub async fn connect(addr: SocketAddr) -> io::Result<Closing> {
        Ok(Closing {
            conn: Some(Connection::connect(addr).await?),
        })
    }

    /// Closes now and reports how it went: prefer this to dropping.
    pub async fn close(mut self) -> io::Result<()> {
        match self.conn.take() {
            Some(conn) => conn.close().await,
            None => Ok(()),
        }
    }
}
// ANCHOR_END: explicit

impl Deref for Closing {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("only close and drop take it")
    }
}

impl DerefMut for Closing {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("only close and drop take it")
    }
}

// ANCHOR: with_connection
/// Listing 10-5's helper, with the guard: a cancelled body still closes.
pub async fn with_connection<T>(
    addr: SocketAddr,
    body: impl AsyncFnOnce(&mut Connection) -> io::Result<T>,
) -> io::Result<T> {
    let mut conn = Closing::connect(addr).await?;
    let result = body(&mut conn).await;
    let closed = conn.close().await;
    let value = result?;
    closed?;
    Ok(value)
}
// ANCHOR_END: with_connection
