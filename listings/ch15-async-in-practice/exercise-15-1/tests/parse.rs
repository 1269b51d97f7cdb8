//! Parsing a page is computing: `fetch` does it on the blocking pool, so
//! the runtime's thread stays free for other tasks meanwhile.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use exercise_15_1::{Limits, MAX_BODY, Outcome, client, fetch};

/// Serves one HTML page just under `MAX_BODY`, full of links, to every
/// connection: a parse of a few hundred milliseconds in a debug build.
fn serve_a_big_page() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/big.html", listener.local_addr().unwrap());
    let line = "<p>A line with <a href=\"x.html\">a link</a> in it.</p>\n";
    let body = line.repeat(MAX_BODY / line.len() - 1);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    url
}

#[test]
fn parsing_leaves_the_runtime_thread_free() {
    let url = serve_a_big_page().parse().unwrap();
    let limits = Limits {
        concurrency: 1,
        max_pages: 1,
        max_depth: 0,
        connect_timeout: Duration::from_secs(10),
        timeout: Duration::from_secs(30),
    };
    // One thread runs both the fetch and a ticker that notes the longest
    // gap between its ticks: a parse on this thread would be such a gap.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (outcome, longest_gap) = runtime.block_on(async {
        let done = Arc::new(AtomicBool::new(false));
        let ticker = tokio::spawn({
            let done = done.clone();
            async move {
                let mut longest = Duration::ZERO;
                let mut last = Instant::now();
                while !done.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    longest = longest.max(last.elapsed());
                    last = Instant::now();
                }
                longest
            }
        });
        let client = client(&limits).unwrap();
        let outcome =
            tokio::time::timeout(Duration::from_secs(60), fetch(&client, &url))
                .await
                .expect("fetched within a minute");
        done.store(true, Ordering::Relaxed);
        (outcome, ticker.await.unwrap())
    });
    assert!(
        matches!(&outcome, Outcome::Html { links, .. } if links.len() == 1),
        "{outcome:?}"
    );
    // Parsed here, the page would stop the ticker for the whole parse.
    assert!(longest_gap < Duration::from_millis(250), "{longest_gap:?}");
}
