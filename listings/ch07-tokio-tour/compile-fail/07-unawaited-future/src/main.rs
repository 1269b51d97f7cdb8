// ANCHOR: here
// Warnings are errors, as in a CI that runs with `-D warnings`.
#![deny(warnings)]

use std::time::Duration;

async fn save(name: &str) {
    tokio::time::sleep(Duration::from_millis(10)).await;
    println!("saved {name}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    save("br.gif"); // in Python: a coroutine that was never awaited
    println!("done");
}
// ANCHOR_END: here
