//! A plain `for` loop over lines that a local server sends, through
//! `BlockingLines`. The server is a std thread with a blocking socket.

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

use exercise_15_2::BlockingLines;

// ANCHOR: main
fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        let (mut client, _) = listener.accept()?;
        client.write_all(b"iterators\ngenerators\nfutures\nservers\n")
    });
    let lines = BlockingLines::connect(addr, Duration::from_secs(10))?;
    for (n, line) in lines.enumerate() {
        println!("{}: {}", n + 1, line?);
    }
    Ok(())
}
// ANCHOR_END: main
