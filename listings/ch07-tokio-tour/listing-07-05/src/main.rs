//! Waiting on many: `join!`, `try_join!`, `join_all` and `try_join_all`
//! beside `asyncio.gather`.

use std::time::Duration;

use futures::future::{join_all, try_join_all};
use tokio::time::{Instant, sleep};

// ANCHOR: fetch
/// Pretends to fetch a country's flag; "XX" is not a country.
async fn fetch(cc: &'static str, ms: u64) -> Result<String, String> {
    sleep(Duration::from_millis(ms)).await;
    if cc == "XX" {
        println!("{:>5?}  {cc} failed", now());
        return Err(format!("no flag for {cc}"));
    }
    println!("{:>5?}  {cc} done", now());
    Ok(format!("{cc}.gif"))
}
// ANCHOR_END: fetch

// ANCHOR: join
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    // gather(a, b, return_exceptions=True): every result, errors included.
    let (br, xx) = tokio::join!(fetch("BR", 200), fetch("XX", 100));
    println!("{:>5?}  join!: {br:?} {xx:?}", now());

    // gather(a, b): the first error is the answer. try_join! also drops
    // the other futures at once, so BR never finishes.
    let both = tokio::try_join!(fetch("BR", 200), fetch("XX", 100));
    println!("{:>5?}  try_join!: {both:?}", now());
    // ANCHOR_END: join

    // ANCHOR: join_all
    // The same for a list of futures of one type, results in list order.
    let codes = [("IN", 300), ("CN", 100), ("US", 200)];
    let flags = join_all(codes.map(|(cc, ms)| fetch(cc, ms))).await;
    println!("{:>5?}  join_all: {flags:?}", now());

    let codes = [("IN", 300), ("XX", 100), ("US", 200)];
    let flags = try_join_all(codes.map(|(cc, ms)| fetch(cc, ms))).await;
    println!("{:>5?}  try_join_all: {flags:?}", now());
}
// ANCHOR_END: join_all

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}
