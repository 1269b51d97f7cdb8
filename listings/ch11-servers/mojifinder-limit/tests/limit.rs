//! The constant-answer servers answer every query of the load mix with the
//! very bytes the mojifinders send, so a benchmark that compares them
//! compares the same work on the wire.

mod common;

use std::sync::Arc;

use common::{Client, get, index, ours_tcp, ours_web, url_query};
use mojifinder_limit::{TcpAnswers, WebAnswers, run_tcp, run_web};
use mojifinder_load::QUERIES;
use tokio::net::TcpListener;

#[tokio::test]
async fn the_tcp_limit_answers_the_mix_as_listing_11_2_does() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let limit = listener.local_addr().unwrap();
    let answers = Arc::new(TcpAnswers::new(&index()));
    tokio::spawn(run_tcp(listener, answers, std::future::pending::<()>()));
    let mut theirs = Client::connect(limit).await;
    let mut ours = Client::connect(ours_tcp().await).await;
    // Twice round, as a load client goes, and a blank line between.
    for query in QUERIES.iter().chain(QUERIES).chain(&[""]) {
        let expected = ours.ask(query).await;
        let got = theirs.ask(query).await;
        assert!(
            got == expected,
            "{query:?}: the limit said\n{}\nwhere ours said\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected)
        );
    }
}

#[tokio::test]
async fn the_web_limit_answers_the_mix_as_listing_11_3_does() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let limit = listener.local_addr().unwrap();
    let answers = WebAnswers::new(&index());
    tokio::spawn(run_web(listener, answers, std::future::pending::<()>()));
    let ours = ours_web().await;
    for query in QUERIES {
        let target = format!("/search?q={}", url_query(query));
        let expected = get(ours, &target).await;
        assert_eq!(expected.status, "HTTP/1.1 200 OK", "{query:?}");
        assert_eq!(get(limit, &target).await, expected, "{query:?}");
    }
}
