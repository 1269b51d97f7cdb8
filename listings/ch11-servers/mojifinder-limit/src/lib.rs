//! The machine's limit, for chapter 11's benchmark: servers of the two
//! mojifinder protocols that do nothing but the protocol. Each answers
//! every query of the load mix ([`QUERIES`]) with bytes made before the
//! first client connects, so a query costs a lookup in a small table and
//! no search, no formatting and no JSON. What such a server manages on a
//! machine is the most the network, the runtime and the protocol allow
//! there, and the mojifinders are measured against it.
//!
//! They are not servers to expose: no line limit, no connection cap, no
//! timeouts, and a query outside the mix is answered as if it found
//! nothing. Tests check that both answer the mix exactly as the
//! mojifinders do.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use charindex::CharIndex;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use listing_11_02::PROMPT;
use listing_11_03::{CharEntry, TOTAL_COUNT};
use mojifinder_load::QUERIES;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Each query of the mix to its whole TCP answer: the result lines, the
/// status line and the next prompt.
pub struct TcpAnswers {
    answers: HashMap<&'static str, Vec<u8>>,
    nothing: Vec<u8>,
}

impl TcpAnswers {
    /// Searches `index` once for each query of the mix, and formats the
    /// answers as the TCP mojifinder does.
    pub fn new(index: &CharIndex) -> TcpAnswers {
        let answer = |query: &str| {
            let found = index.search(query);
            let mut text = String::new();
            for &c in &found {
                let name = charindex::name(c).unwrap_or_default();
                let code = u32::from(c);
                text += &format!("U+{code:04X}\t{c}\t{name}\r\n");
            }
            let rule = "─".repeat(66);
            text += &format!("{rule} {} found\r\n{PROMPT}", found.len());
            text.into_bytes()
        };
        TcpAnswers {
            answers: QUERIES.iter().map(|&q| (q, answer(q))).collect(),
            nothing: answer(""),
        }
    }

    /// The bytes that answer `query`, up to and including the next prompt.
    pub fn get(&self, query: &str) -> &[u8] {
        self.answers.get(query).unwrap_or(&self.nothing)
    }
}

/// Serves `answers` over the TCP protocol until `shutdown` completes.
pub async fn run_tcp(
    listener: TcpListener,
    answers: Arc<TcpAnswers>,
    shutdown: impl Future,
) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => if let Ok((stream, _)) = accepted {
                let answers = Arc::clone(&answers);
                tokio::spawn(async move {
                    let _ = converse(stream, &answers).await;
                });
            },
            _ = &mut shutdown => return,
        }
    }
}

// ANCHOR: converse
/// Prompts, then for each line writes its answer in one call.
async fn converse(stream: TcpStream, answers: &TcpAnswers) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    writer.write_all(PROMPT.as_bytes()).await?;
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let query = line.trim();
        let answer = match query.is_empty() {
            true => PROMPT.as_bytes(),
            false => answers.get(query),
        };
        writer.write_all(answer).await?;
    }
}
// ANCHOR_END: converse

/// One precomputed HTTP answer: the JSON body and the total count.
#[derive(Clone)]
struct WebAnswer {
    json: Bytes,
    total: HeaderValue,
}

/// Each query of the mix to its JSON answer, as the web mojifinder sends
/// it with the default `limit` (every answer of the mix is under it).
#[derive(Clone)]
pub struct WebAnswers {
    answers: Arc<HashMap<&'static str, WebAnswer>>,
    nothing: WebAnswer,
}

impl WebAnswers {
    /// Searches `index` once for each query of the mix and serializes the
    /// answers with serde_json, as the web mojifinder does.
    pub fn new(index: &CharIndex) -> WebAnswers {
        let answer = |query: &str| {
            let found = index.search(query);
            let entries: Vec<CharEntry> = found
                .iter()
                .map(|&c| CharEntry {
                    char: c.to_string(),
                    name: charindex::name(c).unwrap_or_default(),
                })
                .collect();
            let json = serde_json::to_vec(&entries).expect("plain data");
            WebAnswer {
                json: Bytes::from(json),
                total: HeaderValue::from(found.len()),
            }
        };
        WebAnswers {
            answers: Arc::new(
                QUERIES.iter().map(|&q| (q, answer(q))).collect(),
            ),
            nothing: answer(""),
        }
    }
}

/// `GET /search?q=...`: the answer to the last `q`, from the table.
async fn search(
    State(table): State<WebAnswers>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let q = pairs.iter().rev().find(|(key, _)| key == "q");
    let q = q.map_or("", |(_, value)| value.as_str());
    let answer = table.answers.get(q).unwrap_or(&table.nothing).clone();
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (TOTAL_COUNT, answer.total),
    ];
    (headers, answer.json).into_response()
}

/// Serves `answers` at `/search` over HTTP/1.1 until `shutdown`
/// completes, with the web mojifinder's router and hyper's HTTP/1
/// connection, and nothing else.
pub async fn run_web(
    listener: TcpListener,
    answers: WebAnswers,
    shutdown: impl Future,
) {
    let app = Router::new()
        .route("/search", get(search))
        .with_state(answers);
    let http = http1::Builder::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => if let Ok((stream, _)) = accepted {
                let io = TokioIo::new(stream);
                let service = TowerToHyperService::new(app.clone());
                let connection = http.serve_connection(io, service);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            },
            _ = &mut shutdown => return,
        }
    }
}
