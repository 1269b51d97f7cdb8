//! Tokio's `BufWriter` keeps small writes in memory and sends them in one
//! go. Dropped with bytes still in its buffer, it discards them: sending
//! them would take an `.await`, and `Drop` cannot wait.

use std::io;
use std::net::SocketAddr;

use session_server::SessionServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};
use tokio::net::TcpStream;

#[derive(Clone, Copy, Debug)]
enum Ending {
    Drop,
    Flush,
    Shutdown,
}

// ANCHOR: notes
/// Sends three notes and a QUIT through a buffer, ends as told, and
/// returns how many answers came back.
async fn send_notes(addr: SocketAddr, ending: Ending) -> io::Result<usize> {
    let mut writer = BufWriter::new(TcpStream::connect(addr).await?);
    for note in ["NOTE milk", "NOTE eggs", "NOTE bread"] {
        writer.write_all(format!("{note}\n").as_bytes()).await?;
    }
    writer.write_all(b"QUIT\n").await?; // 46 bytes, all in the buffer
    match ending {
        Ending::Drop => return Ok(0), // the writer is dropped: discarded
        Ending::Flush => writer.flush().await?, // sent
        Ending::Shutdown => writer.shutdown().await?, // flushed, then FIN
    }
    // The server closes after its BYE, which ends the answers.
    let mut answers = String::new();
    writer.into_inner().read_to_string(&mut answers).await?;
    Ok(answers.lines().count())
}
// ANCHOR_END: notes

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let mut server = SessionServer::start()?;
    for ending in [Ending::Drop, Ending::Flush, Ending::Shutdown] {
        let answers = send_notes(server.addr(), ending).await?;
        let event = server.next_event().await?;
        println!("{:<9} {answers} answers; {event}", format!("{ending:?}:"));
    }
    Ok(())
}
