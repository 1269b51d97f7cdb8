//! A future's size, and what boxing one branch does to it.

use std::future::Future;
use std::pin::Pin;

use tokio::task::yield_now;

// ANCHOR: render
/// A slow path that keeps a 16 KiB buffer across its `.await`.
async fn render_page(id: u32) -> usize {
    let mut page = [0u8; 16 * 1024];
    yield_now().await; // stands in for reading the page's parts
    page[0] = id as u8;
    page.iter().filter(|&&b| b != 0).count()
}

/// Usually cached; the big state is inline all the same.
async fn serve_inline(id: u32, cached: bool) -> usize {
    if cached { 0 } else { render_page(id).await }
}

/// The rare branch boxed: an allocation only when it is taken.
async fn serve_boxed(id: u32, cached: bool) -> usize {
    if cached {
        0
    } else {
        Box::pin(render_page(id)).await
    }
}
// ANCHOR_END: render

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let inline = serve_inline(7, true);
    let boxed = serve_boxed(7, true);
    let dynamic: Pin<Box<dyn Future<Output = usize>>> =
        Box::pin(serve_inline(7, true));
    println!("serve_inline: {:>5} bytes", size_of_val(&inline));
    println!("serve_boxed:  {:>5} bytes", size_of_val(&boxed));
    println!("boxed as dyn: {:>5} bytes", size_of_val(&dynamic));
    let calls = [inline.await, boxed.await, dynamic.await];
    println!("all cached: {calls:?}");
}
// ANCHOR_END: main
