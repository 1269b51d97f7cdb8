//! A stream polled again after it ended, and `fuse`.

use std::future::ready;

use futures::{Stream, StreamExt, stream};

// ANCHOR: pages
/// Page numbers 1 to `last`, from a state and a step, as `unfold` builds
/// streams.
fn pages(last: u32) -> impl Stream<Item = u32> {
    stream::unfold(1, move |page| {
        ready((page <= last).then_some((page, page + 1)))
    })
}
// ANCHOR_END: pages

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The default hook would print the panic with a path into cargo's
    // own copy of `futures`; the JoinError below carries the message.
    std::panic::set_hook(Box::new(|_| {}));
    let again = tokio::spawn(async {
        let mut pages = Box::pin(pages(2));
        while let Some(page) = pages.next().await {
            println!("page {page}");
        }
        pages.next().await // once more, after None
    });
    let panic = again.await.unwrap_err().into_panic();
    let message = panic.downcast_ref::<&str>().unwrap_or(&"?");
    println!("polled after the end, a panic:\n  {message}");

    let mut fused = Box::pin(pages(2).fuse());
    while let Some(page) = fused.next().await {
        println!("page {page}");
    }
    let (once, twice) = (fused.next().await, fused.next().await);
    println!("fused, after the end: {once:?}, {twice:?}");
}
// ANCHOR_END: main
