// ANCHOR: all
use std::async_iter::AsyncIterator;

/// The countdown as the language's own async generator, on stable Rust.
fn countdown(from: u32) -> impl AsyncIterator<Item = u32> {
    async gen move {
        for n in (1..=from).rev() {
            yield n;
        }
    }
}
// ANCHOR_END: all

fn main() {
    let _ = countdown(3);
}
