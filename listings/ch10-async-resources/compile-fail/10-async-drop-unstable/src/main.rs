// ANCHOR: here
use std::future::AsyncDrop;
use std::pin::Pin;

struct Connection;

impl AsyncDrop for Connection {
    async fn drop(self: Pin<&mut Self>) {
        // Here we would say QUIT and wait for the server's BYE.
    }
}
// ANCHOR_END: here

fn main() {
    let _conn = Connection;
}
