//! Exercise 12-1: a paginated API read as one stream of items.

use std::fmt;
use std::time::Duration;

use async_stream::try_stream;
use futures::{Stream, TryStreamExt};
use tokio::time::{Instant, sleep};

/// What the pretend API answers when a page cannot be served.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(String);

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ANCHOR: solution
/// Every item of every page, pages 1, 2, ... fetched one at a time and
/// only when the reader wants more; the stream ends at the first empty
/// page, or after yielding the first error.
fn all_items<F, Fut>(fetch: F) -> impl Stream<Item = Result<String, ApiError>>
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Vec<String>, ApiError>>,
{
    try_stream! {
        for page in 1.. {
            let items = fetch(page).await?;
            if items.is_empty() {
                break;
            }
            for item in items {
                yield item;
            }
        }
    }
}
// ANCHOR_END: solution

// ANCHOR: api
/// A search API with three pages of keywords, then an empty one.
async fn keywords_page(page: u32) -> Result<Vec<String>, ApiError> {
    println!("{:>5?}  fetching page {page}", now());
    sleep(Duration::from_millis(100)).await;
    let pages: [&[&str]; 3] = [&["as", "dyn"], &["else", "enum"], &["fn"]];
    let items = pages.get(page as usize - 1).copied().unwrap_or_default();
    Ok(items.iter().map(|s| s.to_string()).collect())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> Result<(), ApiError> {
    now();
    let mut items = Box::pin(all_items(keywords_page));
    while let Some(item) = items.try_next().await? {
        println!("{:>5?}  {item}", now());
    }
    Ok(())
}
// ANCHOR_END: api

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use std::sync::atomic::{AtomicU32, Ordering::SeqCst};

    #[tokio::test(start_paused = true)]
    async fn every_item_of_every_page_in_order_then_the_end() {
        // Paused time: the deadline is 600 fetches of 100 ms away, and a
        // stream that does not end at the empty page meets it at once.
        let all = all_items(keywords_page).try_collect::<Vec<String>>();
        let deadline = Duration::from_secs(60);
        let items = tokio::time::timeout(deadline, all)
            .await
            .expect("the stream ends at the first empty page")
            .unwrap();
        assert_eq!(items, ["as", "dyn", "else", "enum", "fn"]);
    }

    #[tokio::test]
    async fn an_error_is_yielded_once_and_ends_the_stream() {
        let fetch = |page| async move {
            match page {
                1 => Ok(vec!["as".to_string()]),
                2 => Err(ApiError("page 2 is on fire".into())),
                _ => Ok(vec!["never".to_string()]),
            }
        };
        // take(3): a stream that went on after the error has a third item.
        let all: Vec<_> = all_items(fetch).take(3).collect().await;
        let fire = Err(ApiError("page 2 is on fire".into()));
        assert_eq!(all, [Ok("as".to_string()), fire]);
    }

    #[tokio::test]
    async fn pages_are_fetched_only_when_needed() {
        let fetched = AtomicU32::new(0);
        let fetch = |page| {
            fetched.fetch_max(page, SeqCst);
            async move { Ok(vec![format!("item of page {page}")]) }
        };
        let first: Vec<_> = all_items(fetch).take(2).collect().await;
        assert_eq!(first.len(), 2);
        assert_eq!(fetched.load(SeqCst), 2, "page 3 was never needed");
    }
}
