//! The prime server, run twice on a current-thread runtime: first with the
//! check inline, then on the blocking pool. Each time, one client asks
//! about a large prime and, 200 ms later, another asks about 7; the
//! program prints which answer came first. Clients are plain threads with
//! blocking sockets, so they keep their own time whatever the server does.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use listing_09_10::{Mode, serve};

/// A prime that takes about a second to check by trial division. An
/// optimised build divides some thirty times faster, so it checks a larger
/// one; the output the book shows is the debug build's.
const BIG: u64 = if cfg!(debug_assertions) {
    800_000_000_000_017
} else {
    1_000_000_000_000_000_003
};

/// Starts the server on its own thread; returns its address.
fn start(mode: Mode) -> SocketAddr {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("an address");
    // The thread ends with the process: the program exits after its runs.
    thread::spawn(move || runtime.block_on(serve(listener, mode)));
    addr
}

/// Sends `n` on a new connection and reports the answer on `answers`.
fn ask(addr: SocketAddr, n: u64, answers: mpsc::Sender<String>) {
    let mut socket = TcpStream::connect(addr).expect("connect");
    socket.set_read_timeout(Some(Duration::from_secs(30))).ok();
    writeln!(socket, "{n}").expect("send");
    let mut answer = String::new();
    BufReader::new(socket)
        .read_line(&mut answer)
        .expect("an answer");
    answers.send(answer.trim_end().to_string()).ok();
}

// ANCHOR: main
fn main() {
    for mode in [Mode::Inline, Mode::Offloaded] {
        let addr = start(mode);
        let (answers, arrived) = mpsc::channel();
        let slow = answers.clone();
        let big = thread::spawn(move || ask(addr, BIG, slow));
        thread::sleep(Duration::from_millis(200));
        let small = thread::spawn(move || ask(addr, 7, answers));
        let first: String = arrived.recv().expect("an answer");
        let second: String = arrived.recv().expect("an answer");
        big.join().expect("no panic");
        small.join().expect("no panic");
        println!("{mode:?}: first \"{first}\", then \"{second}\"");
    }
}
// ANCHOR_END: main
