//! Exercise 11-3, solved: `GET /name/{char}` names one character, beside
//! the chapter's routes. `/name/🐱` answers `{"char":"🐱","name":"CAT
//! FACE"}`; a character without a name is a 404 and anything but exactly
//! one character a 422 (bytes that are not UTF-8, such as `%FF`, too), each
//! with a JSON error like the chapter's; so is a 405 for a method other
//! than GET.

use std::sync::Arc;

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use charindex::CharIndex;
use listing_11_03::{CharEntry, Config, ErrorBody};

// ANCHOR: name
/// Names the one character in the path.
async fn name(path: Result<Path<String>, PathRejection>) -> Response {
    // A path that does not decode to UTF-8 (`%FF`) is axum's rejection,
    // plain text unless we answer it ourselves.
    let text = match path {
        Ok(Path(text)) => text,
        Err(rejection) => return unprocessable(rejection.body_text()),
    };
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return unprocessable(format!("expected one character, got {text:?}"));
    };
    match charindex::name(c) {
        Some(name) => Json(CharEntry {
            char: c.to_string(),
            name,
        })
        .into_response(),
        None => {
            let error = format!("U+{:04X} has no name", u32::from(c));
            (StatusCode::NOT_FOUND, Json(ErrorBody { error })).into_response()
        }
    }
}
// ANCHOR_END: name

/// A 422 with the chapter's JSON error body.
fn unprocessable(error: String) -> Response {
    let body = Json(ErrorBody { error });
    (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
}

// ANCHOR: merge
/// The chapter's app with the new route merged in. The chapter's JSON 405
/// covers only the routes it had, so the merged router gets it again.
pub fn app(index: Arc<CharIndex>) -> Router {
    Router::new()
        .route("/name/{char}", get(name))
        .merge(listing_11_03::app(index, Config::default()))
        .method_not_allowed_fallback(listing_11_03::wrong_method)
}
// ANCHOR_END: merge

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::time::timeout;

    /// Serves `app` on 127.0.0.1:0 and sends one GET to `target`.
    async fn get(target: &str) -> (u16, serde_json::Value) {
        request("GET", target).await
    }

    /// Serves `app` on 127.0.0.1:0 and sends one request to `target`;
    /// returns the status and the body, which must be JSON.
    async fn request(method: &str, target: &str) -> (u16, serde_json::Value) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let index = Arc::new(CharIndex::new());
        let server = tokio::spawn(async move {
            axum::serve(listener, app(index)).await.unwrap();
        });
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request = format!(
            "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = String::new();
        let read = stream.read_to_string(&mut raw);
        timeout(Duration::from_secs(20), read)
            .await
            .expect("no answer in 20 s")
            .unwrap();
        server.abort();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.contains("content-type: application/json"), "{head}");
        let body = serde_json::from_str(body)
            .unwrap_or_else(|_| panic!("not JSON: {body:?}"));
        (head[9..12].parse().unwrap(), body)
    }

    #[tokio::test]
    async fn names_a_character() {
        let (status, body) = get("/name/%F0%9F%90%B1").await; // 🐱
        assert_eq!(status, 200);
        assert_eq!(body, serde_json::json!({"char": "🐱", "name": "CAT FACE"}));
    }

    #[tokio::test]
    async fn a_character_without_a_name_is_404() {
        let (status, body) = get("/name/%EE%80%80").await; // U+E000, private use
        assert_eq!(status, 404);
        assert_eq!(body["error"], "U+E000 has no name");
    }

    #[tokio::test]
    async fn more_than_one_character_is_422() {
        let (status, body) = get("/name/cat").await;
        assert_eq!(status, 422);
        assert_eq!(body["error"], "expected one character, got \"cat\"");
    }

    #[tokio::test]
    async fn bytes_that_are_not_utf8_are_a_json_422() {
        let (status, body) = get("/name/%FF").await;
        assert_eq!(status, 422);
        let error = body["error"].as_str().unwrap();
        assert!(error.contains("UTF-8"), "{error}");
    }

    #[tokio::test]
    async fn a_method_other_than_get_is_a_json_405() {
        for target in ["/name/x", "/search?q=cat"] {
            let (status, body) = request("POST", target).await;
            assert_eq!(status, 405, "{target}");
            let path = target.split('?').next().unwrap();
            assert_eq!(body["error"], format!("{path} answers GET only"));
        }
    }

    #[tokio::test]
    async fn the_chapters_routes_still_answer() {
        let (status, body) = get("/search?q=cat+face").await;
        assert_eq!(status, 200);
        assert_eq!(body.as_array().unwrap().len(), 10);
    }
}
