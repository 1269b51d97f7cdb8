//! A small async library that the next listings call from synchronous
//! code: a line service on 127.0.0.1 that answers each line in capitals,
//! and `shout`, the async client function a library would export.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The longest line the service reads, newline included; a longer one
/// closes the connection.
pub const MAX_LINE: u64 = 1024;

// ANCHOR: serve
/// Serves until the runtime stops: every connection is a task that
/// answers each line with the same line in capitals.
pub async fn serve(listener: TcpListener) {
    while let Ok((socket, _)) = listener.accept().await {
        tokio::spawn(async move {
            let (reader, mut writer) = socket.into_split();
            let mut reader = BufReader::new(reader);
            let mut line = String::new();
            loop {
                line.clear();
                let mut limited = (&mut reader).take(MAX_LINE);
                if limited.read_line(&mut line).await? == 0
                    || !line.ends_with('\n')
                {
                    return io::Result::Ok(()); // closed, or too long
                }
                let answer = line.to_uppercase();
                writer.write_all(answer.as_bytes()).await?;
            }
        });
    }
}
// ANCHOR_END: serve

// ANCHOR: shout
/// Sends `text` to the service and returns its answer, without the
/// newline.
pub async fn shout(addr: SocketAddr, text: &str) -> io::Result<String> {
    let mut stream = BufReader::new(TcpStream::connect(addr).await?);
    stream
        .get_mut()
        .write_all(format!("{text}\n").as_bytes())
        .await?;
    let mut answer = String::new();
    stream.read_line(&mut answer).await?;
    Ok(answer.trim_end().to_string())
}
// ANCHOR_END: shout

/// Binds a listener on 127.0.0.1 and spawns the service on the current
/// runtime; returns its address.
pub async fn start() -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(serve(listener));
    Ok(addr)
}
