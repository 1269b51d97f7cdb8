use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

// ANCHOR: here
struct Connection {
    stream: TcpStream,
}

impl Drop for Connection {
    fn drop(&mut self) {
        // Say goodbye, then close our side: both are async.
        let _ = self.stream.write_all(b"QUIT\n").await;
        let _ = self.stream.shutdown().await;
    }
}
// ANCHOR_END: here

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let stream = TcpStream::connect("127.0.0.1:9").await;
    if let Ok(stream) = stream {
        drop(Connection { stream });
    }
}
