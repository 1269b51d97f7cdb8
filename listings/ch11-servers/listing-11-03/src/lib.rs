//! The web mojifinder: the character index behind an HTTP API, served with
//! axum.
//!
//! - `GET /search?q=cat+face` answers a JSON list of `{"char", "name"}`
//!   objects, in code point order, at most `limit` of them (500 unless the
//!   request says otherwise, 2,000 at most); the `x-total-count` header
//!   says how many characters matched;
//! - `GET /` is a search page that calls `/search` as you type;
//! - `GET /openapi.json` describes the API (generated from this file by
//!   utoipa), and `GET /docs` is a small page that renders it.
//!
//! Every error answer our code writes is JSON, `{"error": "..."}`, with a
//! 4xx or 503 status. hyper answers a request it cannot parse (400, 414,
//! 431) itself, with an empty body. As with the TCP server, [`run`] takes a bound listener and a
//! shutdown future, so tests bind `127.0.0.1:0` and stop the server
//! themselves.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use charindex::{CharIndex, CharTable};
use futures::StreamExt;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::sleep;
use tokio_io_timeout::TimeoutStream;
use tracing::{debug, info, warn};
use utoipa::{OpenApi, ToSchema};

/// The longest query accepted, in bytes. The longest character name is 88
/// letters; a query longer than a few names is a mistake or an attack.
pub const MAX_QUERY: usize = 256;

/// The response header that says how many characters matched in all.
pub const TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

/// How the server bounds its work. [`Config::default`] is what `main` uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// How many characters an answer lists when the request has no
    /// `limit`. Every query of the benchmark's mix fits.
    pub default_limit: usize,
    /// The largest `limit` a request may ask for. An entry is at most
    /// about 120 bytes of JSON, so an answer stays under 240 KB.
    pub max_limit: usize,
    /// How many searches may be answered at once, from the lookup to the
    /// last byte handed to the connection; past this, 503. With the two
    /// limits, this bounds the memory that answers take to about 15 MB.
    pub max_searches: usize,
    /// How many connections may be open at once; past this, a new one
    /// gets a 503 and is closed at once.
    pub max_connections: usize,
    /// How long a connection has to send the whole head of a request,
    /// counted from when it opens or from the end of its last answer:
    /// an idle keep-alive connection, or one that sends a byte now and
    /// then, is closed when this runs out.
    pub idle_timeout: Duration,
    /// How long a write may wait for the client to take any of our bytes;
    /// past this the connection is closed, and its search permit freed.
    pub write_timeout: Duration,
    /// After shutdown starts, how long requests in flight get to finish
    /// before `run` returns anyway.
    pub grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_limit: 500,
            max_limit: 2000,
            max_searches: 64,
            max_connections: 1000,
            idle_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(10),
            grace: Duration::from_secs(5),
        }
    }
}

// ANCHOR: types
/// One character found.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CharEntry {
    /// The character itself, as UTF-8.
    #[schema(example = "🐱")]
    pub char: String,
    /// Its name in the Unicode standard.
    #[schema(example = "CAT FACE")]
    pub name: String,
}

/// What every error response carries.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What was wrong with the request, for a person to read.
    pub error: String,
}
// ANCHOR_END: types

/// What every handler shares: the index, the limits and the permits for
/// searches in flight.
#[derive(Clone)]
struct AppState {
    index: Arc<CharIndex>,
    config: Config,
    searches: Arc<Semaphore>,
}

/// An error answer: a status and a JSON body saying what went wrong.
fn error(status: StatusCode, message: String) -> Response {
    (status, Json(ErrorBody { error: message })).into_response()
}

/// The last value of the parameter `name`: FastAPI, too, takes the last
/// one when a parameter is repeated.
fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let mut values = pairs.iter().filter(|(key, _)| key == name);
    values.next_back().map(|(_, value)| value.as_str())
}

// ANCHOR: path
/// Finds the characters whose names contain every word of `q`.
#[utoipa::path(get, path = "/search",
    params(
        ("q" = String, Query, description = "Words of a name: `cat face`"),
        ("limit" = Option<usize>, Query,
            description = "Most characters to list: 500 unless given, 2000 \
                at most; the `x-total-count` header counts them all"),
    ),
    responses(
        (status = 200, description = "The characters found, in code point \
            order; an empty list if none", body = [CharEntry]),
        (status = 422, description = "`q` missing or over 256 bytes, or \
            `limit` not a number up to 2000", body = ErrorBody),
        (status = 503, description = "Too many searches at once",
            body = ErrorBody),
    )
)]
// ANCHOR_END: path
// ANCHOR: search
async fn search(
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let (q, limit) = match check(&pairs, &state.config) {
        Ok(checked) => checked,
        Err(message) => {
            return error(StatusCode::UNPROCESSABLE_ENTITY, message);
        }
    };
    let Ok(permit) = Arc::clone(&state.searches).try_acquire_owned() else {
        let message = "too many searches at once, try again".to_string();
        return error(StatusCode::SERVICE_UNAVAILABLE, message);
    };
    let found = state.index.search(q);
    debug!(q, found = found.len(), "search");
    // The first `limit` entries, serialized at start-up, as a JSON list.
    let entries = &found[..limit.min(found.len())];
    let mut json = Vec::with_capacity(2 + entries.len() * 64);
    json.push(b'[');
    for (n, &c) in entries.iter().enumerate() {
        if n > 0 {
            json.push(b',');
        }
        json.extend_from_slice(json_entries().get(c));
    }
    json.push(b']');
    json_holding(json, found.len(), permit)
}
// ANCHOR_END: search

// ANCHOR: entries
/// Every character's [`CharEntry`] as serde_json writes it, such as
/// `{"char":"🐱","name":"CAT FACE"}`, serialized once per process.
pub fn json_entries() -> &'static CharTable {
    static ENTRIES: OnceLock<CharTable> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        CharTable::new(|c, name, out| {
            let char = c.to_string();
            let name = name.to_string();
            serde_json::to_writer(out, &CharEntry { char, name })
                .expect("plain data");
        })
    })
}
// ANCHOR_END: entries

/// Takes `q` and `limit` out of the query string, or says what is wrong.
fn check<'a>(
    pairs: &'a [(String, String)],
    config: &Config,
) -> Result<(&'a str, usize), String> {
    let q = last(pairs, "q").ok_or("missing query parameter `q`")?;
    if q.len() > MAX_QUERY {
        return Err(format!(
            "`q` is {} bytes long; the limit is {MAX_QUERY}",
            q.len()
        ));
    }
    let max = config.max_limit;
    let limit = match last(pairs, "limit") {
        None => config.default_limit,
        Some(text) => match text.parse() {
            Ok(limit) if limit <= max => limit,
            _ => return Err(format!("`limit` must be 0 to {max}: {text:?}")),
        },
    };
    Ok((q, limit))
}

// ANCHOR: holding
/// `json` as a response whose body keeps `permit` until its last 16 KB
/// are handed to the connection, so a search counts as in flight for as
/// long as its answer takes memory.
fn json_holding(
    json: Vec<u8>,
    total: usize,
    permit: OwnedSemaphorePermit,
) -> Response {
    let json = Bytes::from(json);
    let length = json.len();
    let chunks = (0..length).step_by(16 * 1024).map(move |start| {
        let end = length.min(start + 16 * 1024);
        Ok::<_, Infallible>(json.slice(start..end))
    });
    let body = futures::stream::iter(chunks).map(move |chunk| {
        let _held = &permit; // dropped with the body, after the last chunk
        chunk
    });
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (header::CONTENT_LENGTH, HeaderValue::from(length)),
        (TOTAL_COUNT, HeaderValue::from(total)),
    ];
    (headers, Body::from_stream(body)).into_response()
}
// ANCHOR_END: holding

// ANCHOR: openapi
/// The OpenAPI description, gathered from the `#[utoipa::path]` above.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Mojifinder",
        description = "Find Unicode characters by name"
    ),
    paths(search)
)]
pub struct ApiDoc;
// ANCHOR_END: openapi

// ANCHOR: fallbacks
/// Any other path: a 404 that says what was asked for.
pub async fn not_found(uri: Uri) -> Response {
    let message = format!("no such page: {}", uri.path());
    error(StatusCode::NOT_FOUND, message)
}

/// A known path with a method it does not answer, such as `POST /search`.
pub async fn wrong_method(uri: Uri) -> Response {
    let message = format!("{} answers GET only", uri.path());
    error(StatusCode::METHOD_NOT_ALLOWED, message)
}
// ANCHOR_END: fallbacks

// ANCHOR: app
/// The routes, with the index and the limits as shared state.
pub fn app(index: Arc<CharIndex>, config: Config) -> Router {
    let searches = Arc::new(Semaphore::new(config.max_searches));
    Router::new()
        .route("/", get(Html(include_str!("../static/index.html"))))
        .route("/docs", get(Html(include_str!("../static/docs.html"))))
        .route("/openapi.json", get(Json(ApiDoc::openapi())))
        .route("/search", get(search))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .with_state(AppState {
            index,
            config,
            searches,
        })
}
// ANCHOR_END: app

// ANCHOR: run
/// Serves `app` on `listener` until `shutdown` completes; then stops
/// accepting, lets the requests in flight finish for at most
/// `config.grace`, and returns.
pub async fn run(
    listener: TcpListener,
    index: Arc<CharIndex>,
    config: Config,
    shutdown: impl Future,
) {
    let app = app(index, config.clone());
    json_entries(); // serialized now, not on the first search
    let places = Arc::new(Semaphore::new(config.max_connections));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.idle_timeout);
    let open = GracefulShutdown::new(); // every connection still open
    tokio::pin!(shutdown);
    // ANCHOR_END: run
    // ANCHOR: accept
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    back_off(error).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(place) = Arc::clone(&places).try_acquire_owned() else {
            refuse(&stream, peer, config.max_connections);
            continue;
        };
        let mut io = TimeoutStream::new(stream);
        io.set_write_timeout(Some(config.write_timeout));
        let io = TokioIo::new(Box::pin(io));
        let service = TowerToHyperService::new(app.clone());
        let connection = open.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                info!(%peer, %error, "connection closed");
            }
            drop(place);
        });
    }
    // ANCHOR_END: accept
    // ANCHOR: drain
    drop(listener); // new clients are now refused by the OS
    tokio::select! {
        () = open.shutdown() => {}
        () = sleep(config.grace) => {
            warn!("grace period over, leaving the last requests unfinished");
        }
    }
}
// ANCHOR_END: drain

/// An accept failed: out of file descriptors, or a client left before we
/// accepted it. Neither ends the server, but retrying at once would spin.
async fn back_off(error: io::Error) {
    warn!(%error, "accept failed");
    sleep(Duration::from_millis(50)).await;
}

/// Tells a client the server is full, in JSON, without waiting: a short
/// answer always fits in the socket's buffer. The part of the request that
/// has arrived is read first, because closing a socket with unread bytes
/// makes the kernel send a reset, which may discard the answer.
fn refuse(stream: &TcpStream, peer: SocketAddr, max: usize) {
    warn!(%peer, "refused: {max} connections open");
    let error = format!("{max} connections open, try again");
    let body = serde_json::to_string(&ErrorBody { error }).expect("a string");
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.try_read(&mut [0; 4096]);
    let _ = stream.try_write(answer.as_bytes());
}
