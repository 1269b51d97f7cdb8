//! The prime server, run twice on a current-thread runtime: first with the
//! check inline, then on the blocking pool. Each time, two connections
//! have a small question answered; then one asks about a large prime and,
//! 200 ms later, the other asks about 7. When the answer about 7 arrives,
//! the program looks whether the large prime's answer is already waiting:
//! the server decides the order, not which of two client threads the
//! kernel happens to wake first.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
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

/// Opens a connection and has one small question answered on it, so the
/// server's task for it is waiting for the next line before we go on.
fn connect(addr: SocketAddr) -> BufReader<TcpStream> {
    let socket = TcpStream::connect(addr).expect("connect");
    socket.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut socket = BufReader::new(socket);
    send(&mut socket, 2);
    assert_eq!(answer(&mut socket), "2 is prime", "the server answers");
    socket
}

fn send(socket: &mut BufReader<TcpStream>, n: u64) {
    writeln!(socket.get_mut(), "{n}").expect("send");
}

/// Waits for the next answer (30 s at most).
fn answer(socket: &mut BufReader<TcpStream>) -> String {
    let mut answer = String::new();
    socket.read_line(&mut answer).expect("an answer in time");
    answer.trim_end().to_string()
}

/// Whether an answer has arrived on `socket`, without waiting for one.
fn has_answer(socket: &mut BufReader<TcpStream>) -> bool {
    socket
        .get_ref()
        .set_nonblocking(true)
        .expect("non-blocking");
    let ready = match socket.fill_buf() {
        Ok(bytes) => !bytes.is_empty(),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => false,
        Err(e) => panic!("reading an answer: {e}"),
    };
    socket.get_ref().set_nonblocking(false).expect("blocking");
    ready
}

// ANCHOR: main
fn main() {
    for mode in [Mode::Inline, Mode::Offloaded] {
        let addr = start(mode);
        let (mut slow, mut quick) = (connect(addr), connect(addr));
        send(&mut slow, BIG);
        thread::sleep(Duration::from_millis(200));
        send(&mut quick, 7);
        let small = answer(&mut quick);
        let big_came_first = has_answer(&mut slow);
        let big = answer(&mut slow);
        let (first, second) = match big_came_first {
            true => (big, small),
            false => (small, big),
        };
        println!("{mode:?}: first \"{first}\", then \"{second}\"");
    }
}
// ANCHOR_END: main
