//! The web API over real sockets on 127.0.0.1: every status it answers,
//! the connection cap and the idle and write timeouts with stalled
//! clients, and a graceful shutdown with a request in flight.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use charindex::CharIndex;
use listing_11_03::{CharEntry, Config, ErrorBody, run};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::time::timeout;

const PATIENCE: Duration = Duration::from_secs(20);

fn index() -> Arc<CharIndex> {
    static INDEX: OnceLock<Arc<CharIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(CharIndex::new())))
}

/// Starts a server with the default limits.
async fn start()
-> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    start_with(Config::default()).await
}

/// Starts a server on 127.0.0.1:0; sending on the channel stops it.
async fn start_with(
    config: Config,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let server = tokio::spawn(async move {
        run(listener, index(), config, shutdown).await;
    });
    (addr, stop, server)
}

/// A response, as the test sees it.
struct Reply {
    status: u16,
    content_type: String,
    total: Option<usize>,
    body: String,
}

/// Sends one HTTP/1.1 request line, and reads the whole response (the
/// request asks the server to close the connection after it).
async fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    timeout(PATIENCE, stream.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    let header = |name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(": "))
            .map(str::to_string)
    };
    Reply {
        status,
        content_type: header("content-type").unwrap_or_default(),
        total: header("x-total-count").map(|n| n.parse().unwrap()),
        body: body.to_string(),
    }
}

async fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target).await
}

fn error_of(reply: &Reply) -> String {
    assert_eq!(reply.content_type, "application/json");
    serde_json::from_str::<ErrorBody>(&reply.body)
        .unwrap()
        .error
}

#[tokio::test]
async fn search_answers_json_with_raw_utf8_in_code_point_order() {
    let (addr, _stop, _server) = start().await;
    let reply = get(addr, "/search?q=cat%20face").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/json");
    // The characters travel as UTF-8, not as \u escapes.
    assert!(
        reply
            .body
            .starts_with(r#"[{"char":"🐱","name":"CAT FACE"},"#)
    );
    let found: Vec<CharEntry> = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(found.len(), 10);
    assert_eq!(found[9].name, "WEARY CAT FACE");

    let plus = get(addr, "/search?q=Chess+King").await;
    let found: Vec<CharEntry> = serde_json::from_str(&plus.body).unwrap();
    assert_eq!(found.len(), 16);
    assert_eq!(found[0].char, "♔");
}

#[tokio::test]
async fn empty_and_wordless_queries_find_nothing() {
    let (addr, _stop, _server) = start().await;
    for target in ["/search?q=", "/search?q=%20%20", "/search?q=xyzzy"] {
        let reply = get(addr, target).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (200, "[]"),
            "{target}"
        );
    }
}

#[tokio::test]
async fn a_missing_q_is_422_with_a_json_error() {
    let (addr, _stop, _server) = start().await;
    for target in ["/search", "/search?query=cat"] {
        let reply = get(addr, target).await;
        assert_eq!(reply.status, 422, "{target}");
        assert_eq!(error_of(&reply), "missing query parameter `q`");
    }
}

#[tokio::test]
async fn an_over_long_q_is_422_with_a_json_error() {
    let (addr, _stop, _server) = start().await;
    let longest = "a".repeat(256);
    assert_eq!(get(addr, &format!("/search?q={longest}")).await.status, 200);
    let reply = get(addr, &format!("/search?q={longest}a")).await;
    assert_eq!(reply.status, 422);
    assert_eq!(error_of(&reply), "`q` is 257 bytes long; the limit is 256");
}

#[tokio::test]
async fn a_repeated_parameter_takes_the_last_value_as_fastapi_does() {
    let (addr, _stop, _server) = start().await;
    let reply = get(addr, "/search?q=dog&q=cat+face").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.total, Some(10));
}

#[tokio::test]
async fn limit_cuts_the_list_and_the_header_counts_everything() {
    let (addr, _stop, _server) = start().await;
    let reply = get(addr, "/search?q=cat+face&limit=3").await;
    assert_eq!(reply.status, 200);
    let found: Vec<CharEntry> = serde_json::from_str(&reply.body).unwrap();
    let chars: Vec<&str> = found.iter().map(|e| e.char.as_str()).collect();
    assert_eq!(chars, ["🐱", "😸", "😹"]);
    assert_eq!(reply.total, Some(10));

    // Without a limit, 500; asked for, up to 2,000.
    let reply = get(addr, "/search?q=cjk").await;
    let found: Vec<CharEntry> = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(found.len(), 500);
    assert!(reply.total.unwrap() > 100_000);
    let reply = get(addr, "/search?q=cjk&limit=2000").await;
    let found: Vec<CharEntry> = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(found.len(), 2000);
    assert_eq!(get(addr, "/search?q=cat&limit=0").await.body, "[]");
}

#[tokio::test]
async fn a_bad_limit_is_422_with_a_json_error() {
    let (addr, _stop, _server) = start().await;
    for limit in ["2001", "-1", "ten", ""] {
        let reply = get(addr, &format!("/search?q=cat&limit={limit}")).await;
        assert_eq!(reply.status, 422, "{limit}");
        assert_eq!(
            error_of(&reply),
            format!("`limit` must be 0 to 2000: {limit:?}")
        );
    }
}

#[tokio::test]
async fn unknown_pages_are_404_and_wrong_methods_405_with_json_errors() {
    let (addr, _stop, _server) = start().await;
    let reply = get(addr, "/find?q=cat").await;
    assert_eq!(reply.status, 404);
    assert_eq!(error_of(&reply), "no such page: /find");
    let reply = request(addr, "POST", "/search?q=cat").await;
    assert_eq!(reply.status, 405);
    assert_eq!(error_of(&reply), "/search answers GET only");
}

#[tokio::test]
async fn the_page_and_the_api_description_are_served() {
    let (addr, _stop, _server) = start().await;
    let page = get(addr, "/").await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("`/search?limit=${SHOWN}&q=`"));

    let docs = get(addr, "/docs").await;
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains("/openapi.json"));

    let spec = get(addr, "/openapi.json").await;
    assert_eq!(spec.status, 200);
    let spec: serde_json::Value = serde_json::from_str(&spec.body).unwrap();
    let search = &spec["paths"]["/search"]["get"];
    assert_eq!(search["parameters"][0]["name"], "q");
    assert_eq!(search["parameters"][0]["required"], true);
    assert_eq!(search["parameters"][1]["name"], "limit");
    assert_eq!(search["parameters"][1]["required"], false);
    for status in ["200", "422", "503"] {
        assert!(search["responses"][status].is_object(), "{status}");
    }
    assert!(spec["components"]["schemas"]["CharEntry"].is_object());
}

/// Sends a request for a 6 MB answer from a socket with a small receive
/// buffer, reads the status line and stops reading: the answer is then
/// still being sent, and stays so.
async fn stalled_request(addr: SocketAddr) -> TcpStream {
    stalled_requests(addr, 1).await
}

/// Like [`stalled_request`], with `n` requests sent one after the other
/// on the connection: three answers, 18 MB, are more than the kernel's
/// buffers can take, where one of 6 MB may fit.
async fn stalled_requests(addr: SocketAddr, n: usize) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let head = format!(
        "GET /search?q=cjk&limit=200000 HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    );
    stream.write_all(head.repeat(n).as_bytes()).await.unwrap();
    let mut first = [0; 15];
    timeout(PATIENCE, stream.read_exact(&mut first))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&first, b"HTTP/1.1 200 OK");
    stream
}

/// Limits that let a test ask for every CJK ideograph at once.
fn big_answers() -> Config {
    Config {
        max_limit: 200_000,
        grace: PATIENCE,
        ..Config::default()
    }
}

#[tokio::test]
async fn too_many_searches_at_once_is_503_with_a_json_error() {
    let config = Config {
        max_searches: 1,
        ..big_answers()
    };
    let (addr, _stop, _server) = start_with(config).await;
    let mut busy = stalled_request(addr).await;
    let reply = get(addr, "/search?q=cat").await;
    assert_eq!(reply.status, 503);
    assert_eq!(error_of(&reply), "too many searches at once, try again");
    // Pages other than /search do not count.
    assert_eq!(get(addr, "/").await.status, 200);

    // Once the answer has left, the place is free again.
    let mut buf = vec![0; 64 * 1024];
    let mut body = Vec::new();
    while !body.ends_with(b"}]") {
        let n = timeout(PATIENCE, busy.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed mid-answer");
        body.extend_from_slice(&buf[..n]);
    }
    let free = async {
        while get(addr, "/search?q=cat").await.status != 200 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    timeout(PATIENCE, free)
        .await
        .expect("the place was never freed");
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight_then_stops_listening() {
    let (addr, stop, server) = start_with(big_answers()).await;
    // A request whose 6 MB answer is still being sent when shutdown starts.
    let mut stream = stalled_request(addr).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!server.is_finished(), "run returned with an answer unsent");
    let mut rest = Vec::new();
    timeout(PATIENCE, stream.read_to_end(&mut rest))
        .await
        .unwrap()
        .unwrap();
    let rest = String::from_utf8(rest).unwrap();
    assert!(rest.ends_with("}]"), "the answer was cut short");

    timeout(PATIENCE, server).await.unwrap().unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still listening");
}

#[tokio::test]
async fn shutdown_gives_up_on_a_client_that_stops_reading() {
    let config = Config {
        grace: Duration::from_millis(300),
        ..big_answers()
    };
    let (addr, stop, server) = start_with(config).await;
    let _stalled = stalled_request(addr).await; // and never read again
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !server.is_finished(),
        "run returned before the grace period"
    );
    timeout(PATIENCE, server)
        .await
        .expect("the server waited for the stalled client")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still listening");
}

/// Reads until the server closes the connection (an end of file or a
/// reset), and returns what came.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = vec![0; 64 * 1024];
    let read_all = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    timeout(PATIENCE, read_all)
        .await
        .expect("the server never closed the connection");
    got
}

#[tokio::test]
async fn clients_that_stop_reading_lose_their_place_after_the_write_timeout() {
    // The default's 64 searches, scaled down to 1: each stalled reader in
    // turn holds every place, and only the write timeout can free it.
    let config = Config {
        max_searches: 1,
        write_timeout: Duration::from_millis(300),
        ..big_answers()
    };
    let (addr, _stop, _server) = start_with(config).await;
    for _ in 0..3 {
        let mut stalled = stalled_requests(addr, 3).await;
        let free = async {
            while get(addr, "/search?q=cat").await.status != 200 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        timeout(PATIENCE, free)
            .await
            .expect("a stalled reader kept the only place");
        // What the kernel's buffers held arrives, and then the end.
        let got = until_closed(&mut stalled).await;
        let answers = String::from_utf8_lossy(&got)
            .matches("HTTP/1.1 200 OK")
            .count();
        assert!(answers < 3, "the stalled reader got every answer");
    }
}

#[tokio::test]
async fn past_the_connection_cap_a_client_gets_a_json_503() {
    let config = Config {
        max_connections: 2,
        ..Config::default()
    };
    let (addr, _stop, _server) = start_with(config).await;
    let first = TcpStream::connect(addr).await.unwrap();
    let _second = TcpStream::connect(addr).await.unwrap();
    let mut third = TcpStream::connect(addr).await.unwrap();
    let refused = String::from_utf8(until_closed(&mut third).await).unwrap();
    let (head, body) = refused.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let error = serde_json::from_str::<ErrorBody>(body).unwrap().error;
    assert_eq!(error, "2 connections open, try again");

    drop(first); // its place frees for the next client
    let free = async {
        while get_or_refused(addr).await != 200 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    timeout(PATIENCE, free).await.expect("no place came free");
}

/// The status of `GET /search?q=cat`, or 0 if the connection was reset.
async fn get_or_refused(addr: SocketAddr) -> u16 {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "GET /search?q=cat HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return 0;
    }
    let answer = until_closed(&mut stream).await;
    let status = answer.get(9..12).and_then(|s| std::str::from_utf8(s).ok());
    status.and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn idle_and_trickling_connections_are_closed_after_the_idle_timeout() {
    let config = Config {
        max_connections: 3,
        idle_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let (addr, _stop, _server) = start_with(config).await;
    // One says nothing; one had an answer and keeps the connection alive;
    // one sends the head of a request a byte every 100 ms, for ever.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut kept = TcpStream::connect(addr).await.unwrap();
    let head =
        format!("GET /search?q=cat+face HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    kept.write_all(head.as_bytes()).await.unwrap();
    let trickler = TcpStream::connect(addr).await.unwrap();
    let (mut trickle_in, mut trickle_out) = trickler.into_split();
    let trickling = tokio::spawn(async move {
        for byte in head.bytes().cycle() {
            if trickle_out.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });

    assert!(until_closed(&mut silent).await.is_empty());
    let answered = String::from_utf8(until_closed(&mut kept).await).unwrap();
    assert!(answered.starts_with("HTTP/1.1 200 OK"), "{answered}");
    let mut got = Vec::new();
    let closed = timeout(PATIENCE, trickle_in.read_to_end(&mut got)).await;
    trickling.abort();
    closed
        .expect("a client sending a byte every 100 ms was never closed")
        .ok(); // an end of file or a reset: either way, closed
    assert!(got.is_empty(), "the trickled request was answered");
}

#[tokio::test]
async fn a_request_hyper_cannot_parse_gets_its_empty_400_not_json() {
    let (addr, _stop, _server) = start().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /search?q=cat HTTP/1.1\r\nno colon here\r\n\r\n")
        .await
        .unwrap();
    let answer = String::from_utf8(until_closed(&mut stream).await).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{answer}"
    );
    assert!(answer.contains("content-length: 0\r\n"), "{answer}");
    assert!(!answer.contains("content-type"), "{answer}");
}
