//! Cancel one branch of a tree of tasks, then the whole tree.

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    listing_13_03::run().await;
}
