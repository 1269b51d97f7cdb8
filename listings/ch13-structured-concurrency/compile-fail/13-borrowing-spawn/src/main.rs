use tokio::task::JoinSet;

// ANCHOR: borrow
async fn total_length(names: Vec<String>) -> usize {
    let mut group = JoinSet::new();
    for name in &names {
        group.spawn(async move { name.len() }); // borrows from `names`
    }
    let lengths = group.join_all().await;
    lengths.into_iter().sum()
}
// ANCHOR_END: borrow

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let names = vec!["Ada".to_string(), "Grace".to_string()];
    println!("{}", total_length(names).await);
}
