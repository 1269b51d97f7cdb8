//! A synchronous program that uses an async library: it builds a
//! current-thread runtime and enters it with `block_on` each time it needs
//! an answer. Between two calls the runtime does nothing at all, which a
//! plain std client shows.

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use listing_15_04::{shout, start};
use tokio::runtime::Builder;

// ANCHOR: main
fn main() -> io::Result<()> {
    let runtime = Builder::new_current_thread().enable_all().build()?;
    let addr = runtime.block_on(start())?;
    for word in ["sync", "calls", "async"] {
        let answer = runtime.block_on(shout(addr, word))?;
        println!("block_on(shout({word:?})) = {answer:?}");
    }
    // ANCHOR_END: main
    // ANCHOR: frozen
    // A plain blocking client, while no block_on runs.
    let mut client = TcpStream::connect(addr)?;
    client.write_all(b"anyone there?\n")?;
    client.set_read_timeout(Some(Duration::from_millis(300)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut answer = String::new();
    match reader.read_line(&mut answer) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
            println!("std client: no answer in 300 ms");
        }
        other => println!("std client: unexpected {other:?}"),
    }
    // The same client on a thread, while block_on runs the service.
    let (done, answered) = tokio::sync::oneshot::channel();
    let reading = std::thread::spawn(move || {
        client.set_read_timeout(Some(Duration::from_secs(10)))?;
        reader.read_line(&mut answer)?;
        let _ = done.send(());
        io::Result::Ok(answer)
    });
    let _ = runtime.block_on(answered);
    let answer = reading.join().expect("the reader does not panic")?;
    println!("std client, during block_on: {:?}", answer.trim_end());
    Ok(())
}
// ANCHOR_END: frozen
