//! The web mojifinder: the character index behind an HTTP API, served with
//! axum.
//!
//! - `GET /search?q=cat+face` answers a JSON list of `{"char", "name"}`
//!   objects, in code point order;
//! - `GET /` is a search page that calls `/search` as you type;
//! - `GET /openapi.json` describes the API (generated from this file by
//!   utoipa), and `GET /docs` is a small page that renders it.
//!
//! As with the TCP server, [`run`] takes a bound listener and a shutdown
//! future, so tests bind `127.0.0.1:0` and stop the server themselves.

use std::future::Future;
use std::io;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use charindex::CharIndex;
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tracing::info;
use utoipa::{OpenApi, ToSchema};

/// The longest query accepted, in bytes. The longest character name is 88
/// letters; a query longer than a few names is a mistake or an attack.
pub const MAX_QUERY: usize = 256;

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

/// The query string of `/search`. `q` is optional here so that a missing
/// `q` reaches the handler, which answers it with our own JSON error.
#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
}
// ANCHOR_END: types

/// An error answer: a status and a JSON body saying what went wrong.
fn error(status: StatusCode, message: String) -> Response {
    (status, Json(ErrorBody { error: message })).into_response()
}

// ANCHOR: search
/// Finds the characters whose names contain every word of `q`.
#[utoipa::path(
    get,
    path = "/search",
    params(("q" = String, Query,
        description = "Words of a character name, such as `cat face`")),
    responses(
        (status = 200, description = "The characters found, in code point \
            order; an empty list if none", body = [CharEntry]),
        (status = 400, description = "Malformed query string",
            body = ErrorBody),
        (status = 422, description = "`q` is missing or longer than 256 \
            bytes", body = ErrorBody),
    )
)]
async fn search(
    State(index): State<Arc<CharIndex>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let q = match params {
        Ok(Query(SearchParams { q: Some(q) })) => q,
        Ok(Query(SearchParams { q: None })) => {
            let message = "missing query parameter `q`".to_string();
            return error(StatusCode::UNPROCESSABLE_ENTITY, message);
        }
        Err(rejection) => {
            return error(StatusCode::BAD_REQUEST, rejection.body_text());
        }
    };
    if q.len() > MAX_QUERY {
        let message =
            format!("`q` is {} bytes long; the limit is {MAX_QUERY}", q.len());
        return error(StatusCode::UNPROCESSABLE_ENTITY, message);
    }
    let found: Vec<CharEntry> = index
        .search(&q)
        .into_iter()
        .map(|c| CharEntry {
            char: c.to_string(),
            name: charindex::name(c).unwrap_or_default(),
        })
        .collect();
    info!(q, found = found.len(), "search");
    Json(found).into_response()
}
// ANCHOR_END: search

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

/// Any other path: a 404 that says what was asked for, in JSON like the
/// other errors.
async fn not_found(uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("no such page: {}", uri.path()),
    )
}

// ANCHOR: app
/// The routes, with the index as shared state.
pub fn app(index: Arc<CharIndex>) -> Router {
    Router::new()
        .route("/", get(Html(include_str!("../static/index.html"))))
        .route("/docs", get(Html(include_str!("../static/docs.html"))))
        .route("/openapi.json", get(Json(ApiDoc::openapi())))
        .route("/search", get(search))
        .fallback(not_found)
        .with_state(index)
}

/// Serves `app` on `listener` until `shutdown` completes; then stops
/// accepting and lets the requests in flight finish.
pub async fn run(
    listener: TcpListener,
    index: Arc<CharIndex>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, app(index))
        .with_graceful_shutdown(shutdown)
        .await
}
// ANCHOR_END: app
