//! The line protocol, against a server on 127.0.0.1 in both modes.

use std::time::Duration;

use listing_09_10::{Mode, serve};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

/// Starts a server in `mode`, sends `input` (then hangs up its sending
/// side if `hang_up`), and returns every line it answers until it closes
/// the connection.
async fn exchange(mode: Mode, input: &[u8], hang_up: bool) -> Vec<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(serve(listener, mode));
    let mut socket = TcpStream::connect(addr).await.expect("connect");
    socket.write_all(input).await.expect("send");
    if hang_up {
        socket.shutdown().await.expect("half-close");
    }
    let mut lines = BufReader::new(socket).lines();
    let mut answers = Vec::new();
    let deadline = Duration::from_secs(30);
    while let Some(line) = timeout(deadline, lines.next_line())
        .await
        .expect("the server answers within 30 s")
        .expect("a clean read")
    {
        answers.push(line);
    }
    server.abort();
    answers
}

#[tokio::test]
async fn answers_each_number_in_both_modes() {
    for mode in [Mode::Inline, Mode::Offloaded] {
        let answers = exchange(mode, b"7\n8\n 1000000000039 \n", true).await;
        assert_eq!(
            answers,
            ["7 is prime", "8 is not prime", "1000000000039 is prime"],
            "{mode:?}"
        );
    }
}

#[tokio::test]
async fn a_bad_line_gets_an_error_and_the_end() {
    for mode in [Mode::Inline, Mode::Offloaded] {
        let answers = exchange(mode, b"7\nseven\n11\n", true).await;
        assert_eq!(
            answers,
            ["7 is prime", "error: send one number per line"],
            "{mode:?}"
        );
    }
}

#[tokio::test]
async fn a_line_is_cut_off_at_64_bytes() {
    // No newline and no hang-up: a server that waited for either would
    // hang until the deadline. (More bytes than the server reads would
    // make its close a reset, which can discard the answer unread.)
    let answers = exchange(Mode::Offloaded, &[b'1'; 64], false).await;
    assert_eq!(answers, ["error: send one number per line"]);
}

#[tokio::test]
async fn an_over_long_line_is_refused_whatever_it_starts_with() {
    // 64 zeros parse as 0; the 7 after them must not become a second line.
    let mut input = vec![b'0'; 64];
    input.extend_from_slice(b"7\n");
    let answers = exchange(Mode::Inline, &input, true).await;
    assert_eq!(answers, ["error: send one number per line"]);
}
