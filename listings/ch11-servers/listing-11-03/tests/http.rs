//! The web API over real sockets on 127.0.0.1: every status it answers,
//! and a graceful shutdown with a request in flight.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use charindex::CharIndex;
use listing_11_03::{CharEntry, ErrorBody, run};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::time::timeout;

const PATIENCE: Duration = Duration::from_secs(20);

fn index() -> Arc<CharIndex> {
    static INDEX: OnceLock<Arc<CharIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| Arc::new(CharIndex::new())))
}

/// Starts a server on 127.0.0.1:0; sending on the channel stops it.
async fn start()
-> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let server = tokio::spawn(async move {
        run(listener, index(), shutdown).await.unwrap();
    });
    (addr, stop, server)
}

/// A response, as the test sees it.
struct Reply {
    status: u16,
    content_type: String,
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
    let content_type = head
        .lines()
        .find_map(|line| line.strip_prefix("content-type: "))
        .unwrap_or_default()
        .to_string();
    Reply {
        status,
        content_type,
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
async fn a_malformed_query_string_is_400() {
    let (addr, _stop, _server) = start().await;
    let reply = get(addr, "/search?q=cat&q=dog").await;
    assert_eq!(reply.status, 400);
    assert!(error_of(&reply).contains("duplicate field `q`"));
}

#[tokio::test]
async fn unknown_pages_are_404_and_wrong_methods_405() {
    let (addr, _stop, _server) = start().await;
    let reply = get(addr, "/find?q=cat").await;
    assert_eq!(reply.status, 404);
    assert_eq!(error_of(&reply), "no such page: /find");
    assert_eq!(request(addr, "POST", "/search?q=cat").await.status, 405);
}

#[tokio::test]
async fn the_page_and_the_api_description_are_served() {
    let (addr, _stop, _server) = start().await;
    let page = get(addr, "/").await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains(r#"fetch("/search?q=""#));

    let docs = get(addr, "/docs").await;
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains("/openapi.json"));

    let spec = get(addr, "/openapi.json").await;
    assert_eq!(spec.status, 200);
    let spec: serde_json::Value = serde_json::from_str(&spec.body).unwrap();
    let search = &spec["paths"]["/search"]["get"];
    assert_eq!(search["parameters"][0]["name"], "q");
    assert_eq!(search["parameters"][0]["required"], true);
    for status in ["200", "400", "422"] {
        assert!(search["responses"][status].is_object(), "{status}");
    }
    assert!(spec["components"]["schemas"]["CharEntry"].is_object());
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight_then_stops_listening() {
    let (addr, stop, server) = start().await;
    // A request whose 6 MB answer is still being sent when shutdown starts.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!("GET /search?q=cjk HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut first = [0; 15];
    stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200 OK");

    stop.send(()).unwrap();
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
