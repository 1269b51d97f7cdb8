//! A small site to crawl offline, with every case a crawler must survive:
//! a cycle of links, relative and absolute links, a fragment, a slow page, a
//! 404, a redirect, pages that are not HTML, a page too big to read, a page
//! that never finishes, and a link to another origin. It counts the requests
//! for each path, so that tests can check nothing was fetched twice, and the
//! most it handled at once.
//!
//! `crawl --with-demo-site` serves it at [`DEMO_ADDR`]; tests start it on a
//! port of their own.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

/// Where `crawl --with-demo-site` serves the demo site.
pub const DEMO_ADDR: &str = "127.0.0.1:8015";

/// How long `/slow.html` takes to answer.
pub const SLOW: Duration = Duration::from_millis(500);

/// The demo site, served on a thread of its own until dropped.
#[derive(Debug)]
pub struct DemoSite {
    addr: SocketAddr,
    counts: Arc<Mutex<Counts>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl DemoSite {
    /// Serves the site at `addr` (port 0 picks a free port).
    pub fn start(addr: SocketAddr) -> std::io::Result<DemoSite> {
        // Bound here, so that a port in use is an error for the caller.
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let counts = Arc::new(Mutex::new(Counts::default()));
        let site = Arc::new(Site {
            origin: format!("http://{addr}"),
            other_origin: format!("http://localhost:{}", addr.port()),
            counts: counts.clone(),
        });
        let app = Router::new().fallback(page).with_state(site);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)
                    .expect("inside a runtime");
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
            // Dropping the runtime drops every connection, stalled or not.
        });
        Ok(DemoSite {
            addr,
            counts,
            _stop: stop,
        })
    }

    /// Serves the site at `addr` as [`start`](DemoSite::start) does, but
    /// while another process holds the port (another `crawl
    /// --with-demo-site`, say), tries again every 100 ms, for at most
    /// `patience`. Async, so that the caller can give up sooner.
    pub async fn start_when_free(
        addr: SocketAddr,
        patience: Duration,
    ) -> std::io::Result<DemoSite> {
        let start = std::time::Instant::now();
        loop {
            match DemoSite::start(addr) {
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                    if start.elapsed() >= patience {
                        return Err(e);
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                started => return started,
            }
        }
    }

    /// Its address, such as 127.0.0.1:8015.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many requests each path has had so far.
    pub fn hits(&self) -> BTreeMap<String, usize> {
        self.counts.lock().unwrap().hits.clone()
    }

    /// The paths requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.counts.lock().unwrap().requests.clone()
    }

    /// The most requests it has handled at once (a stalled body excepted:
    /// the request counts until its headers are sent).
    pub fn max_in_flight(&self) -> usize {
        self.counts.lock().unwrap().max_in_flight
    }
}

#[derive(Debug, Default)]
struct Counts {
    hits: BTreeMap<String, usize>,
    requests: Vec<String>,
    in_flight: usize,
    max_in_flight: usize,
}

/// Counts a request from its start until dropped.
struct InFlight(Arc<Mutex<Counts>>);

impl InFlight {
    fn start(counts: &Arc<Mutex<Counts>>, path: &str) -> InFlight {
        let mut c = counts.lock().unwrap();
        *c.hits.entry(path.to_string()).or_default() += 1;
        c.requests.push(path.to_string());
        c.in_flight += 1;
        c.max_in_flight = c.max_in_flight.max(c.in_flight);
        InFlight(counts.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.lock().unwrap().in_flight -= 1;
    }
}

struct Site {
    /// `http://127.0.0.1:PORT`, for absolute links.
    origin: String,
    /// The same server by another name, so another origin.
    other_origin: String,
    counts: Arc<Mutex<Counts>>,
}

/// An HTML page with a title and these links.
fn html(title: &str, links: &[&str]) -> Response {
    let mut body = format!("<!DOCTYPE html>\n<title>{title}</title>\n");
    body += &format!("<h1>{title}</h1>\n<ul>\n");
    for link in links {
        body += &format!("  <li><a href=\"{link}\">{link}</a></li>\n");
    }
    body += "</ul>\n";
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

async fn page(State(site): State<Arc<Site>>, uri: Uri) -> Response {
    let path = uri.path();
    let _in_flight = InFlight::start(&site.counts, path);
    match path {
        "/" => html(
            "Home",
            &[
                "a.html",
                "a.html#top",
                "#contents",
                "/b.html",
                &format!("{}/c.html", site.origin),
                &format!("{}/a.html", site.other_origin),
                "slow.html",
                "missing.html",
                "old.html",
                "logo.png",
                "notes.txt",
                "big.html",
                "stall.html",
                "mailto:webmaster@example.com",
            ],
        ),
        // A cycle: a, b, c, a, and each back home.
        "/a.html" => html("A", &["b.html", "/"]),
        "/b.html" => html("B", &["c.html#end", "./"]),
        "/c.html" => html("C", &["a.html", "/#top"]),
        "/slow.html" => {
            tokio::time::sleep(SLOW).await;
            html("Slow", &["a.html"])
        }
        // Relative, so resolved against the URL that was asked for.
        "/old.html" => {
            (StatusCode::MOVED_PERMANENTLY, [(LOCATION, "moved/")], "")
                .into_response()
        }
        // Its links work only if resolved against its own URL, /moved/:
        // against /old.html, e.html would be /e.html, a 404.
        "/moved/" => html("Moved", &["e.html", "../a.html"]),
        // <base href> makes c.html /c.html, not /moved/c.html.
        "/moved/e.html" => {
            let body = "<base href=\"/\"><a href=\"c.html\">C</a>";
            ([(CONTENT_TYPE, "text/html")], body).into_response()
        }
        "/logo.png" => {
            let png = b"\x89PNG\r\n\x1a\n".as_slice();
            ([(CONTENT_TYPE, "image/png")], png).into_response()
        }
        // It looks like HTML, but says it is not: never parsed.
        "/notes.txt" => {
            let text = "See <a href=\"secret.html\">the secret page</a>.\n";
            ([(CONTENT_TYPE, "text/plain")], text).into_response()
        }
        // Valid HTML, but more than a crawler should hold in memory.
        "/big.html" => {
            let line = "<p>All work and no play makes a big page.</p>\n";
            let body = line.repeat(2 * crate::MAX_BODY / line.len());
            ([(CONTENT_TYPE, "text/html")], body).into_response()
        }
        // Headers and the start of a body, then nothing, for ever.
        "/stall.html" => {
            let start = Bytes::from_static(b"<html><a href=\"never.html\">");
            let stream = futures::stream::once(async { Ok(start) })
                .chain(futures::stream::pending::<std::io::Result<Bytes>>());
            ([(CONTENT_TYPE, "text/html")], Body::from_stream(stream))
                .into_response()
        }
        _ => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}
