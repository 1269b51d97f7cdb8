//! Three ways to return a future, and what the compiler calls each type.

use std::any::type_name_of_val;
use std::future::{Future, Ready, ready};

use tokio::task::yield_now;

// ANCHOR: kinds
/// An `async fn`: its future's type is made by the compiler and unnamed.
async fn price(item: &str) -> u32 {
    yield_now().await; // stands in for a lookup
    item.len() as u32 * 100
}

/// The same future as an `async` block behind `impl Future`.
#[allow(clippy::manual_async_fn)] // the long spelling is the point here
fn price_block(item: &str) -> impl Future<Output = u32> {
    async move {
        yield_now().await;
        item.len() as u32 * 100
    }
}

/// A future with a name: std's `Ready`, done at its first poll.
fn price_cached(item: &str) -> Ready<u32> {
    ready(item.len() as u32 * 100)
}
// ANCHOR_END: kinds

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let a = price("tea");
    let b = price_block("tea");
    let c = price_cached("tea");
    println!("{:>3} bytes  {}", size_of_val(&a), type_name_of_val(&a));
    println!("{:>3} bytes  {}", size_of_val(&b), type_name_of_val(&b));
    println!("{:>3} bytes  {}", size_of_val(&c), type_name_of_val(&c));
    println!("prices: {} {} {}", a.await, b.await, c.await);
}
// ANCHOR_END: main
