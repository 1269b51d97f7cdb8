//! A body cancelled by a timeout: Listing 10-5's helper skips its close,
//! the guard's Drop spawns it. Then the two places where the spawned
//! close cannot run: a thread with no runtime, and a runtime shutting
//! down.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use listing_10_06::{Closing, with_connection};
use session_server::SessionServer;
use tokio::runtime::{Builder, Runtime};
use tokio::sync::oneshot;
use tokio::time::timeout;

// ANCHOR: cancel
async fn cancel_both(server: &mut SessionServer) -> io::Result<()> {
    let (addr, limit) = (server.addr(), Duration::from_millis(50));
    let plain = listing_10_05::with_connection(addr, async |conn| {
        conn.request("SLEEP 1000").await
    });
    let timed_out = timeout(limit, plain).await.is_err();
    println!("timed out: {timed_out}");
    println!("plain helper: {}", server.next_event().await?);

    let guarded =
        with_connection(addr, async |conn| conn.request("SLEEP 1000").await);
    let timed_out = timeout(limit, guarded).await.is_err();
    println!("timed out: {timed_out}");
    println!("with guard:   {}", server.next_event().await?);
    Ok(())
}
// ANCHOR_END: cancel

// ANCHOR: nowhere
/// A guard dropped on a thread that has no runtime.
fn drop_off_runtime(runtime: &Runtime, addr: SocketAddr) -> io::Result<()> {
    let mut conn = runtime.block_on(Closing::connect(addr))?;
    runtime.block_on(conn.request("GET alpha"))?;
    std::thread::spawn(move || drop(conn))
        .join()
        .expect("no panic");
    Ok(())
}

/// A guard in a task that the runtime's shutdown drops.
fn drop_at_shutdown(addr: SocketAddr) -> io::Result<()> {
    let runtime = Builder::new_current_thread().enable_all().build()?;
    let (ready, is_ready) = oneshot::channel();
    runtime.spawn(async move {
        let mut conn = Closing::connect(addr).await?;
        let _ = ready.send(());
        conn.request("SLEEP 500").await // dropped here, mid-request
    });
    let _ = runtime.block_on(is_ready);
    drop(runtime); // drops the task, and the close it spawns
    Ok(())
}
// ANCHOR_END: nowhere

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut server = SessionServer::start()?;
    let runtime = Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(cancel_both(&mut server))?;
    drop_off_runtime(&runtime, server.addr())?;
    println!("no runtime:   {}", runtime.block_on(server.next_event())?);
    drop_at_shutdown(server.addr())?;
    println!("shutdown:     {}", runtime.block_on(server.next_event())?);
    Ok(())
}
// ANCHOR_END: main
