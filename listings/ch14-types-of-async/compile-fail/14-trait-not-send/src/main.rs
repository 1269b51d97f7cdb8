use std::sync::Arc;

use tokio::task::JoinHandle;

// ANCHOR: here
trait Store {
    async fn get(&self, key: &str) -> Option<String>;
}

fn spawn_lookup<S>(store: Arc<S>, key: String) -> JoinHandle<Option<String>>
where
    S: Store + Send + Sync + 'static,
{
    tokio::spawn(async move { store.get(&key).await })
}
// ANCHOR_END: here

struct Memory;

impl Store for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        Some(key.to_uppercase())
    }
}

#[tokio::main]
async fn main() {
    let found = spawn_lookup(Arc::new(Memory), "ferris".into()).await;
    println!("{found:?}");
}
