//! The line protocol, over real sockets on 127.0.0.1: every behaviour the
//! chapter promises, good input and bad.

mod common;

use std::time::Duration;

use common::{Client, PATIENCE, Server, status};
use listing_11_02::{Config, PROMPT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Barrier;
use tokio::time::timeout;

#[tokio::test]
async fn prompts_then_answers_one_line_per_character_in_order() {
    let server = Server::start(Config::default()).await;
    let mut client = server.connect().await;
    assert_eq!(client.until_prompt().await, PROMPT);

    let answer = client.ask("cat face").await;
    let lines: Vec<&str> = answer.split_inclusive("\r\n").collect();
    assert_eq!(lines.len(), 11);
    assert_eq!(lines[0], "U+1F431\t🐱\tCAT FACE\r\n");
    assert_eq!(lines[9], "U+1F640\t🙀\tWEARY CAT FACE\r\n");
    assert_eq!(lines[10], status(10));
    server.shut_down().await;
}

#[tokio::test]
async fn accepts_lf_and_crlf_and_says_when_nothing_is_found() {
    let server = Server::start(Config::default()).await;
    let mut client = server.connect().await;
    client.until_prompt().await;
    client.send(b"chess king\n").await;
    assert!(
        client
            .until_prompt()
            .await
            .ends_with(&(status(16) + PROMPT))
    );
    client.send(b"chess king\r\n").await;
    assert!(
        client
            .until_prompt()
            .await
            .ends_with(&(status(16) + PROMPT))
    );
    assert_eq!(client.ask("xyzzy").await, status(0));
    server.shut_down().await;
}

#[tokio::test]
async fn blank_lines_just_prompt_again() {
    let server = Server::start(Config::default()).await;
    let mut client = server.connect().await;
    client.until_prompt().await;
    for blank in ["", "   ", "\t"] {
        assert_eq!(client.ask(blank).await, "");
    }
    assert_eq!(client.ask("moon last").await.lines().count(), 4);
    server.shut_down().await;
}

#[tokio::test]
async fn a_control_character_closes_the_connection() {
    let server = Server::start(Config::default()).await;
    // An arrow key in telnet sends ESC [ A; Ctrl-D in some clients, 0x04.
    for line in [&b"\x1b[A\r\n"[..], b"\x04\n", b" \x07bell\n"] {
        let mut client = server.connect().await;
        client.until_prompt().await;
        client.send(line).await;
        assert_eq!(client.until_closed().await, "", "{line:?}");
    }
    server.shut_down().await;
}

#[tokio::test]
async fn invalid_utf8_closes_only_that_connection() {
    let server = Server::start(Config::default()).await;
    let mut bystander = server.connect().await;
    bystander.until_prompt().await;
    // Latin-1 "café", and the bytes telnet sends for Ctrl-C (IAC IP).
    for line in [&b"caf\xe9\n"[..], b"\xff\xf4\xff\xfd\x06\r\n"] {
        let mut client = server.connect().await;
        client.until_prompt().await;
        client.send(line).await;
        assert_eq!(client.until_closed().await, "", "{line:?}");
    }
    assert_eq!(bystander.ask("cat face").await.lines().count(), 11);
    server.shut_down().await;
}

#[tokio::test]
async fn a_last_line_without_newline_is_answered() {
    let server = Server::start(Config::default()).await;
    let mut client = server.connect().await;
    client.send(b"cat face").await;
    client.stream.shutdown().await.unwrap(); // half-close: no more input
    let rest = client.until_closed().await;
    let expected = format!("{PROMPT}U+1F431\t🐱\tCAT FACE\r\n");
    assert!(rest.starts_with(&expected), "{rest}");
    assert!(rest.ends_with(&(status(10) + PROMPT)), "{rest}");
    server.shut_down().await;
}

#[tokio::test]
async fn a_half_closed_client_gets_every_answer() {
    let server = Server::start(Config::default()).await;
    let mut client = server.connect().await;
    client.send(b"chess king\nmoon last\n").await;
    client.stream.shutdown().await.unwrap();
    let rest = client.until_closed().await;
    assert!(rest.contains(&status(16)) && rest.contains(&status(3)));
    assert_eq!(rest.matches(PROMPT).count(), 3);
    server.shut_down().await;
}

#[tokio::test]
async fn lines_are_bounded() {
    let server = Server::start(Config::default()).await;

    // 1,024 bytes is the limit, and it is allowed, with CRLF or LF.
    let longest = "cat ".repeat(255) + "face";
    assert_eq!(longest.len(), 1024);
    for ending in ["\r\n", "\n"] {
        let mut client = server.connect().await;
        client.until_prompt().await;
        client.send((longest.clone() + ending).as_bytes()).await;
        let answer = client.until_prompt().await;
        assert!(answer.ends_with(&(status(10) + PROMPT)), "{ending:?}");
    }

    // One byte more, and the connection ends with an error line, whether
    // the line ends in CRLF, LF or the end of the input.
    let too_long = "a".repeat(1025);
    for ending in ["\r\n", "\n", ""] {
        let mut client = server.connect().await;
        client.until_prompt().await;
        client.send((too_long.clone() + ending).as_bytes()).await;
        if ending.is_empty() {
            client.stream.shutdown().await.unwrap();
        }
        assert_eq!(
            client.until_closed().await,
            "error: line longer than 1024 bytes, closing\r\n",
            "{ending:?}"
        );
    }
    // With no line end at all, the server knows as soon as it holds more
    // bytes than the limit plus the CR of a CRLF.
    let mut client = server.connect().await;
    client.until_prompt().await;
    client.send("a".repeat(1026).as_bytes()).await;
    assert_eq!(
        client.until_closed().await,
        "error: line longer than 1024 bytes, closing\r\n"
    );

    // An endless line is cut off without the server buffering it all.
    let mut client = server.connect().await;
    client.until_prompt().await;
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0;
    while client.stream.write_all(&chunk).await.is_ok() && sent < 100 {
        sent += 1; // stops at a reset, or after 6.4 MB
    }
    assert!(sent < 100, "the server kept reading an endless line");
    server.shut_down().await;
}

#[tokio::test]
async fn vanished_clients_end_only_their_own_task() {
    // With two places, each new client is served only if the tasks of
    // the clients that vanished before it have ended.
    let config = Config {
        max_connections: 2,
        ..Config::default()
    };
    let server = Server::start(config).await;
    for _ in 0..5 {
        // Ask for 4 MB of answer, read its first line, so the server is
        // in the middle of writing it, and leave: closing a socket with
        // unread data makes the kernel send a reset.
        let Client { mut stream } = server.connect_when_free().await;
        stream.write_all(b"cjk\n").await.unwrap();
        let mut first = [0; 7];
        timeout(PATIENCE, stream.read_exact(&mut first))
            .await
            .expect("no answer came")
            .unwrap();
        assert_eq!(&first, b"U+2E80\t");
        drop(stream);
    }
    let mut client = server.connect_when_free().await;
    assert!(client.ask("cat face").await.ends_with(&status(10)));
    server.shut_down().await;
}

#[tokio::test]
async fn idle_clients_are_closed_and_free_their_place() {
    let config = Config {
        max_connections: 2,
        idle_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let server = Server::start(config).await;
    // One sends a byte of a line every 100 ms, for ever; one says nothing.
    let mut trickler = server.connect().await;
    let mut silent = server.connect().await;
    trickler.until_prompt().await;
    silent.until_prompt().await;
    let (mut from_server, mut to_server) = trickler.stream.into_split();
    let trickling = tokio::spawn(async move {
        for byte in b"cat face ".iter().cycle() {
            if to_server.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    // Until the end of file, or the reset that a byte arriving after the
    // server closed may cause; the goodbye has been read by then.
    let mut got = Vec::new();
    let read_all = async {
        let mut buf = [0; 256];
        while let Ok(n @ 1..) = from_server.read(&mut buf).await {
            got.extend_from_slice(&buf[..n]);
        }
    };
    timeout(PATIENCE, read_all)
        .await
        .expect("a client sending a byte every 100 ms was never closed");
    trickling.abort();
    let goodbye = "\r\nidle too long, goodbye\r\n";
    assert_eq!(String::from_utf8(got).unwrap(), goodbye);
    assert_eq!(silent.until_closed().await, goodbye);

    let mut next = server.connect_when_free().await;
    assert!(next.ask("cat face").await.ends_with(&status(10)));
    server.shut_down().await;
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_after_the_write_timeout() {
    let config = Config {
        max_connections: 1,
        write_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let server = Server::start(config).await;
    // A small receive buffer, so the 4 MB answer cannot hide in it.
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stalled = socket.connect(server.addr).await.unwrap();
    let mut prompt = [0; 3];
    stalled.read_exact(&mut prompt).await.unwrap();
    stalled.write_all(b"cjk\n").await.unwrap();

    // The only place is taken until the server gives up on that client.
    let mut next = server.connect_when_free().await;
    assert!(next.ask("cat face").await.ends_with(&status(10)));

    let mut cut = Vec::new();
    timeout(PATIENCE, stalled.read_to_end(&mut cut))
        .await
        .expect("the stalled client was never closed")
        .unwrap();
    assert!(cut.starts_with(b"U+2E80\t"), "not the answer to cjk");
    let cut = String::from_utf8_lossy(&cut);
    assert!(!cut.contains(" found\r\n"), "the answer was not cut short");
    server.shut_down().await;
}

#[tokio::test]
async fn a_full_server_says_so_and_frees_places_as_clients_leave() {
    let config = Config {
        max_connections: 2,
        ..Config::default()
    };
    let server = Server::start(config).await;
    let mut first = server.connect().await;
    let mut second = server.connect().await;
    first.until_prompt().await;
    second.until_prompt().await;

    let mut third = server.connect().await;
    assert_eq!(
        third.until_closed().await,
        "server busy: 2 clients connected, please try again later\r\n"
    );

    drop(first);
    // The place of the client that left frees up for the next one.
    server.connect_when_free().await;
    assert!(second.ask("chess king").await.ends_with(&status(16)));
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_a_thousand_clients_at_once() {
    const CLIENTS: usize = 1000;
    // Both ends of every connection live in this process.
    let files = rlimit::increase_nofile_limit(4096).unwrap();
    assert!(
        files > 2 * CLIENTS as u64,
        "open file limit {files} too low"
    );
    // ANCHOR: thousand
    let server = Server::start(Config::default()).await;
    let all_connected = std::sync::Arc::new(Barrier::new(CLIENTS));
    let mut clients = tokio::task::JoinSet::new();
    for n in 0..CLIENTS {
        let (addr, all_connected) = (server.addr, all_connected.clone());
        clients.spawn(async move {
            let mut client = Client::connect(addr).await;
            assert_eq!(client.until_prompt().await, PROMPT);
            all_connected.wait().await; // 1,000 open connections now
            let (query, found) = [("cat face", 10), ("chess king", 16)][n % 2];
            for _ in 0..3 {
                assert!(client.ask(query).await.ends_with(&status(found)));
            }
        });
    }
    let all = async {
        while let Some(done) = clients.join_next().await {
            done.unwrap();
        }
    };
    timeout(PATIENCE, all)
        .await
        .expect("1,000 clients took too long");
    server.shut_down().await;
    // ANCHOR_END: thousand
}

#[tokio::test]
async fn shutdown_finishes_live_queries_and_says_goodbye_to_idle_clients() {
    let mut server = Server::start(Config::default()).await;
    let mut idle = server.connect().await;
    idle.until_prompt().await;

    // A query whose answer (4 MB) is still being written when the shutdown
    // starts: its client reads the first line, then stops reading.
    let mut busy = server.connect().await;
    busy.until_prompt().await;
    busy.send(b"cjk\n").await;
    let mut first = [0; 7];
    busy.stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"U+2E80\t");

    server.begin_shutdown();
    let goodbye = "\r\nserver shutting down, goodbye\r\n";
    assert_eq!(idle.until_closed().await, goodbye);
    // The answer is still unread, so `run` must still be waiting for it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!server.is_finished(), "run returned with an answer unsent");

    let rest =
        String::from_utf8(first.to_vec()).unwrap() + &busy.until_closed().await;
    let (answer, after) = rest.rsplit_once(" found\r\n").unwrap();
    let found: usize = answer.rsplit_once(' ').unwrap().1.parse().unwrap();
    assert!(found > 100_000, "{found}");
    assert_eq!(answer.lines().count(), found + 1, "every line arrived");
    assert_eq!(after, format!("{PROMPT}{goodbye}"));

    let addr = server.addr;
    server.finished().await;
    // Nobody is listening any more.
    let refused = timeout(PATIENCE, TcpStream::connect(addr)).await.unwrap();
    assert!(refused.is_err());
}
