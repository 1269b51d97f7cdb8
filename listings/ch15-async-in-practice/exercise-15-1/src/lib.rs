//! Exercise 15-1, solved: the engine of the `crawl` link crawler. Read the
//! start URLs ([`read_start_urls`]), fetch each page once ([`fetch`]), find
//! its links with an HTML parser ([`extract_links`]), and follow those on the
//! start URLs' origins, a few fetches at a time ([`crawl`]).

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::time::Duration;

use indicatif::ProgressBar;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, StatusCode};
use scraper::{Html, Selector};
use tokio::task::JoinSet;
use url::{Origin, Url};

pub mod demo;

/// The largest body read: a page that is bigger is an error, so a huge or
/// endless page cannot fill the memory.
pub const MAX_BODY: usize = 1 << 20;

/// What fetching one URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An HTML page, parsed: its status and its distinct links.
    Html { status: StatusCode, links: Vec<Url> },
    /// A success that is not HTML, by its media type: counted, never
    /// parsed (nor read).
    NotHtml { status: StatusCode, mime: String },
    /// A redirect, which the crawler follows like a link.
    Redirect { status: StatusCode, to: Url },
    /// Any other status, such as 404 or 500.
    Status(StatusCode),
    /// No complete answer in time.
    Timeout,
    /// No connection: refused, or not made in time.
    Connect(String),
    /// Anything else: a body over [`MAX_BODY`], a connection cut short...
    Failed(String),
}

impl Outcome {
    /// The name it is counted under at the end of a run.
    pub fn label(&self) -> String {
        match self {
            Outcome::Html { status, .. } | Outcome::Status(status) => {
                status.as_u16().to_string()
            }
            Outcome::NotHtml { .. } => "not HTML".into(),
            Outcome::Redirect { .. } => "redirect".into(),
            Outcome::Timeout => "timeout".into(),
            Outcome::Connect(_) => "connection error".into(),
            Outcome::Failed(_) => "error".into(),
        }
    }

    /// Whether it is worth a line on standard error.
    pub fn is_failure(&self) -> bool {
        !matches!(
            self,
            Outcome::Html { .. }
                | Outcome::NotHtml { .. }
                | Outcome::Redirect { .. }
        )
    }

    /// Whether a server answered with a status at all.
    pub fn answered(&self) -> bool {
        !matches!(
            self,
            Outcome::Timeout | Outcome::Connect(_) | Outcome::Failed(_)
        )
    }
}

/// How an outcome reads in the output file, after the URL.
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = |status: &StatusCode| status.as_u16();
        match self {
            Outcome::Html { status, links } if links.len() == 1 => {
                write!(f, "{} HTML, 1 link", code(status))
            }
            Outcome::Html { status, links } => {
                write!(f, "{} HTML, {} links", code(status), links.len())
            }
            Outcome::NotHtml { status, mime } => {
                write!(f, "{} not HTML ({mime})", code(status))
            }
            Outcome::Redirect { status, to } => {
                write!(f, "{} redirect to {to}", code(status))
            }
            Outcome::Status(status) => write!(f, "{status}"), // "404 Not Found"
            Outcome::Timeout => write!(f, "timeout"),
            Outcome::Connect(why) => write!(f, "connection error: {why}"),
            Outcome::Failed(why) => write!(f, "error: {why}"),
        }
    }
}

impl From<reqwest::Error> for Outcome {
    fn from(error: reqwest::Error) -> Outcome {
        // reqwest's own message names the URL, which the report shows
        // anyway; the innermost cause says why.
        let mut cause: &dyn std::error::Error = &error;
        while let Some(source) = cause.source() {
            cause = source;
        }
        // A connection attempt that times out is a connect error first.
        if error.is_connect() {
            Outcome::Connect(cause.to_string())
        } else if error.is_timeout() {
            Outcome::Timeout
        } else {
            Outcome::Failed(cause.to_string())
        }
    }
}

/// A start URL on line `line` of the URLs file is not an http(s) URL.
#[derive(Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub why: String,
}

/// The start URLs in `text`, http:// only, one per line; blank lines and
/// lines starting with `#` are skipped. Fragments are dropped, as for every
/// link.
pub fn read_start_urls(text: &str) -> Result<Vec<Url>, BadLine> {
    let mut urls = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: String| BadLine { line: i + 1, why };
        let mut url =
            Url::parse(line).map_err(|e| bad(format!("{e}: {line:?}")))?;
        if url.scheme() == "https" {
            // reqwest is built without TLS: see Cargo.toml.
            let why = "https:// needs TLS, which this build leaves out";
            return Err(bad(format!("{why}: {line:?}")));
        }
        if url.scheme() != "http" || !url.has_host() {
            return Err(bad(format!("not an http:// URL: {line:?}")));
        }
        url.set_fragment(None);
        urls.push(url);
    }
    Ok(urls)
}

// ANCHOR: extract_links
/// The distinct http(s) links of an HTML page, resolved against the page's
/// URL (or its `<base href>`), without their fragments: `a.html#top` is
/// `a.html`, not a page of its own.
pub fn extract_links(page: &Url, html: &str) -> Vec<Url> {
    let document = Html::parse_document(html);
    let selector = |s| Selector::parse(s).expect("a valid selector");
    let base = document
        .select(&selector("base[href]"))
        .find_map(|base| page.join(base.value().attr("href")?).ok())
        .unwrap_or_else(|| page.clone());
    let mut links = BTreeSet::new();
    for element in document.select(&selector("a[href], area[href]")) {
        let href = element.value().attr("href").expect("selected for it");
        // `join` resolves `../a.html`, `/b.html` and `//host/c.html`.
        let Ok(mut link) = base.join(href) else {
            continue; // not a URL at all, such as `http://[::1`
        };
        if matches!(link.scheme(), "http" | "https") {
            link.set_fragment(None);
            links.insert(link);
        } // mailto:, javascript:, data: and friends are not pages
    }
    links.into_iter().collect()
}
// ANCHOR_END: extract_links

/// The limits of a crawl.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The most fetches in flight at once.
    pub concurrency: usize,
    /// The most pages fetched, start URLs included.
    pub max_pages: usize,
    /// The most links followed from a start URL (a redirect does not count).
    pub max_depth: usize,
    /// The longest wait for a connection.
    pub connect_timeout: Duration,
    /// The longest wait for a whole answer, body included.
    pub timeout: Duration,
}

// ANCHOR: client
/// An HTTP client that gives up after the limits' timeouts, and lets the
/// crawler follow redirects itself, so that a redirect's target goes
/// through the same check as any link: fetched once, and only on the start
/// URLs' origins.
pub fn client(limits: &Limits) -> reqwest::Result<Client> {
    Client::builder()
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("crawl/", env!("CARGO_PKG_VERSION")))
        .build()
}
// ANCHOR_END: client

/// Fetches `url`, once: what came back, the links to follow included.
pub async fn fetch(client: &Client, url: &Url) -> Outcome {
    // Both sides are an outcome; `?` turns a reqwest error into one.
    let fetched: Result<Outcome, Outcome> = async {
        let mut response = client.get(url.clone()).send().await?;
        let status = response.status();
        let header = |name| response.headers().get(name)?.to_str().ok();
        // A relative Location is relative to the URL asked for.
        if status.is_redirection()
            && let Some(to) = header(LOCATION)
            && let Ok(mut to) = url.join(to)
        {
            to.set_fragment(None);
            return Ok(Outcome::Redirect { status, to });
        }
        if !status.is_success() {
            return Ok(Outcome::Status(status));
        }
        let mime = header(CONTENT_TYPE).unwrap_or("").split(';').next();
        let mime = mime.unwrap_or("").trim().to_ascii_lowercase();
        if mime != "text/html" {
            return Ok(Outcome::NotHtml { status, mime });
        }
        // Read chunk by chunk: a page over the cap is never held whole.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY {
                let kib = MAX_BODY / 1024;
                return Err(Outcome::Failed(format!("body over {kib} KiB")));
            }
            body.extend_from_slice(&chunk);
        }
        // Parsing is CPU work: up to MAX_BODY, hundreds of milliseconds in
        // a debug build. On the blocking pool, it holds up no other fetch.
        let page = url.clone();
        let parse =
            move || extract_links(&page, &String::from_utf8_lossy(&body));
        let links = tokio::task::spawn_blocking(parse).await;
        let links =
            links.map_err(|e| Outcome::Failed(format!("parse: {e}")))?;
        Ok(Outcome::Html { status, links })
    }
    .await;
    fetched.unwrap_or_else(|failed| failed)
}

/// What a crawl found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every URL fetched, sorted, with its outcome.
    pub pages: BTreeMap<Url, Outcome>,
    /// Distinct links left alone because they lead to another origin.
    pub other_origins: BTreeSet<Url>,
    /// Distinct links left alone because of `--max-pages` or `--depth`.
    pub over_limits: BTreeSet<Url>,
    /// Whether the cancel signal stopped the crawl.
    pub interrupted: bool,
}

impl Report {
    /// How many pages had each outcome, by [`Outcome::label`].
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for outcome in self.pages.values() {
            *counts.entry(outcome.label()).or_default() += 1;
        }
        counts
    }
}

/// Crawls from `starts`, following links on their origins, until there is
/// nothing left to fetch or `cancel` completes.
pub async fn crawl(
    client: &Client,
    limits: &Limits,
    starts: Vec<Url>,
    progress: &ProgressBar,
    cancel: impl Future<Output = ()>,
) -> Report {
    let mut report = Report::default();
    // ANCHOR: crawl
    let mut frontier = Frontier::new(starts, limits);
    let mut tasks = JoinSet::new();
    tokio::pin!(cancel);
    loop {
        // Only this loop spawns, so it keeps the limit: no semaphore.
        while tasks.len() < limits.concurrency
            && let Some((url, depth)) = frontier.queue.pop_front()
        {
            let client = client.clone();
            tasks.spawn(async move {
                let outcome = fetch(&client, &url).await;
                (url, depth, outcome)
            });
        }
        if tasks.is_empty() {
            return report; // nothing in flight, so nothing queued: done
        }
        let (url, depth, outcome) = tokio::select! {
            Some(joined) = tasks.join_next() => joined.expect("no panic"),
            // Returning drops `tasks`, which aborts every fetch.
            () = &mut cancel => {
                report.interrupted = true;
                return report;
            }
        };
        frontier.offer_links_of(&outcome, depth, &mut report);
        report.pages.insert(url, outcome);
        progress.set_length(frontier.seen.len() as u64);
        progress.set_position(report.pages.len() as u64);
    }
    // ANCHOR_END: crawl
}

/// The URLs still to fetch, and every URL ever queued.
#[derive(Debug)]
struct Frontier {
    queue: VecDeque<(Url, usize)>,
    seen: HashSet<Url>,
    origins: HashSet<Origin>,
    limits: Limits,
}

impl Frontier {
    fn new(starts: Vec<Url>, limits: &Limits) -> Frontier {
        let origins = starts.iter().map(Url::origin).collect();
        // In the file's order, each once.
        let mut seen = HashSet::new();
        let queue = starts
            .into_iter()
            .filter(|url| seen.insert(url.clone()))
            .map(|url| (url, 0))
            .collect();
        let limits = limits.clone();
        Frontier {
            queue,
            seen,
            origins,
            limits,
        }
    }

    // ANCHOR: offer
    /// Queues the links of a page fetched at `depth` that are on a start
    /// URL's origin, within the limits, and not queued before: `seen` is
    /// the one place that decides "once only".
    fn offer_links_of(&mut self, page: &Outcome, depth: usize, r: &mut Report) {
        let (links, depth) = match page {
            Outcome::Html { links, .. } => (links.as_slice(), depth + 1),
            // A redirect's target stands in for the page: same depth.
            Outcome::Redirect { to, .. } => (std::slice::from_ref(to), depth),
            _ => return,
        };
        for link in links {
            if !self.origins.contains(&link.origin()) {
                r.other_origins.insert(link.clone());
            } else if self.seen.contains(link) {
                // fetched, in flight or queued already
            } else if depth > self.limits.max_depth
                || self.seen.len() >= self.limits.max_pages
            {
                r.over_limits.insert(link.clone());
            } else {
                self.seen.insert(link.clone());
                self.queue.push_back((link.clone(), depth));
            }
        }
    }
    // ANCHOR_END: offer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn links_are_resolved_deduplicated_and_stripped_of_fragments() {
        let page = url("http://site.test/docs/index.html");
        let html = r##"<html><body>
            <a href="a.html">relative</a> <a href="a.html#part">again</a>
            <a href="../up.html">up</a> <a href="/root.html">root</a>
            <a href="//other.test/x">scheme-relative</a>
            <a href="#top">this page</a> <a href="mailto:me@site.test">mail</a>
            <a>no href</a> <p href="p.html">not a link</p>
            <map><area href="area.html"></map>
            <!-- <a href="comment.html"> -->
        </body></html>"##;
        let links: Vec<String> = extract_links(&page, html)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            links,
            [
                "http://other.test/x",
                "http://site.test/docs/a.html",
                "http://site.test/docs/area.html",
                "http://site.test/docs/index.html",
                "http://site.test/root.html",
                "http://site.test/up.html",
            ]
        );
    }

    #[test]
    fn base_href_changes_what_relative_links_mean() {
        let page = url("http://site.test/a/b/page.html");
        let html = r#"<head><base href="/c/"></head><a href="d.html">d</a>"#;
        assert_eq!(
            extract_links(&page, html),
            [url("http://site.test/c/d.html")]
        );
    }

    #[test]
    fn start_urls_skip_comments_and_name_the_bad_line() {
        let text =
            "# start here\n\nhttp://site.test/#intro\n  http://b.test/x  \n";
        let urls = read_start_urls(text).unwrap();
        assert_eq!(urls, [url("http://site.test/"), url("http://b.test/x")]);

        let bad = read_start_urls("http://site.test/\n\nsite.test/page\n")
            .unwrap_err();
        assert_eq!(bad.line, 3);
        assert!(
            bad.why.contains("relative URL without a base"),
            "{}",
            bad.why
        );
        let ftp = read_start_urls("ftp://site.test/").unwrap_err();
        assert_eq!(ftp.line, 1);
        assert!(ftp.why.starts_with("not an http:// URL"));
        let https = read_start_urls("\nhttps://site.test/").unwrap_err();
        assert_eq!(https.line, 2);
        assert!(https.why.starts_with("https:// needs TLS"), "{}", https.why);
    }
}
