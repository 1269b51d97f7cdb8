//! Exercise 14-2: a dyn-compatible trait with an async method, written by
//! hand the way `async-trait` writes it: the method returns a `BoxFuture`.

use std::sync::Arc;
use std::time::Duration;

use futures::future::{BoxFuture, join_all};
use tokio::time::sleep;

// ANCHOR: solution_trait
/// A health check. `run` returns a boxed future that borrows `self` and
/// `host` for `'a`, so the trait can be used as `dyn Check`.
pub trait Check: Send + Sync {
    fn name(&self) -> String;
    fn run<'a>(&'a self, host: &'a str) -> BoxFuture<'a, bool>;
}

pub struct Ping(pub Duration);
pub struct Port(pub u16);
// ANCHOR_END: solution_trait

// ANCHOR: solution_impls
impl Check for Ping {
    fn name(&self) -> String {
        format!("ping within {:?}", self.0)
    }
    fn run<'a>(&'a self, host: &'a str) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            sleep(self.0).await;
            host.starts_with("127.")
        })
    }
}

impl Check for Port {
    fn name(&self) -> String {
        format!("port {}", self.0)
    }
    fn run<'a>(&'a self, _host: &'a str) -> BoxFuture<'a, bool> {
        Box::pin(std::future::ready(self.0 == 443))
    }
}
// ANCHOR_END: solution_impls

// ANCHOR: run_all
/// Runs every check at once, in a task of its own.
async fn run_all(checks: Arc<Vec<Box<dyn Check>>>, host: &str) -> Vec<bool> {
    let host: Arc<str> = Arc::from(host);
    let tasks = (0..checks.len()).map(|i| {
        let (checks, host) = (Arc::clone(&checks), Arc::clone(&host));
        tokio::spawn(async move { checks[i].run(&host).await })
    });
    let joined = join_all(tasks).await;
    joined
        .into_iter()
        .map(|t| t.expect("a check panicked"))
        .collect()
}
// ANCHOR_END: run_all

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let checks: Vec<Box<dyn Check>> = vec![
        Box::new(Ping(Duration::from_millis(20))),
        Box::new(Port(443)),
        Box::new(Port(8080)),
    ];
    let checks = Arc::new(checks);
    let results = run_all(Arc::clone(&checks), "127.0.0.1").await;
    for (check, ok) in checks.iter().zip(results) {
        println!("{:<18} {}", check.name(), if ok { "ok" } else { "FAILED" });
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn checks_run_at_once_and_keep_their_order() {
        let checks: Vec<Box<dyn Check>> = vec![
            Box::new(Ping(Duration::from_millis(300))),
            Box::new(Ping(Duration::from_millis(100))),
            Box::new(Port(22)),
        ];
        let start = tokio::time::Instant::now();
        let results = run_all(Arc::new(checks), "127.0.0.1").await;
        assert_eq!(results, [true, true, false]);
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }
}
