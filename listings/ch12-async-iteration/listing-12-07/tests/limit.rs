//! multi_probe keeps to its limit, as the server itself counts it.

use dns_server::{DnsServer, KEYWORDS, Zone};
use futures::StreamExt;
use listing_06_08::Resolver;
use listing_12_07::multi_probe;
use std::time::Duration;

/// Every name answered after 200 ms: less than the 333 ms after which
/// hickory sends a query again, so the server counts our probes only.
fn slow_zone() -> Zone {
    Zone {
        domain: "test".into(),
        records: vec![],
        delays: vec![],
        default_delay: Duration::from_millis(200),
    }
}

async fn most_at_once(limit: usize) -> usize {
    let server = DnsServer::start(slow_zone()).unwrap();
    let resolver =
        Resolver::new(server.addr(), Duration::from_secs(5)).unwrap();
    let names = KEYWORDS.map(|word| format!("{word}.test"));
    let answers = multi_probe(resolver, names, limit);
    let deadline = Duration::from_secs(20);
    let all: Vec<_> = tokio::time::timeout(deadline, answers.collect())
        .await
        .expect("20 names probed within 20 s");
    assert_eq!(all.len(), 20);
    assert!(all.iter().all(|(_, answer)| answer.is_ok()), "{all:?}");
    assert_eq!(server.queries(), 20, "one query per name");
    server.max_in_flight()
}

#[tokio::test]
async fn at_most_limit_queries_reach_the_server_at_once() {
    assert_eq!(most_at_once(3).await, 3);
    assert_eq!(most_at_once(20).await, 20);
}
