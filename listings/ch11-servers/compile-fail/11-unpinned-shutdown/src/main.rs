//! Does not compile: `select!` polls `&mut shutdown` on every turn of the
//! loop, and a future polled through a `&mut` must be `Unpin`, which an
//! `impl Future` parameter need not be. Listing 11-2 pins it first, with
//! `tokio::pin!(shutdown)`.

use std::future::Future;

use tokio::net::TcpListener;

// ANCHOR: run
async fn run(listener: TcpListener, mut shutdown: impl Future) {
    loop {
        tokio::select! {
            accepted = listener.accept() => drop(accepted),
            _ = &mut shutdown => break,
        }
    }
}
// ANCHOR_END: run

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    run(listener, std::future::ready(())).await;
}
