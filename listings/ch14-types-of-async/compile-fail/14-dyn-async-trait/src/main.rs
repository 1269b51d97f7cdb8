// ANCHOR: here
trait Store {
    async fn get(&self, key: &str) -> Option<String>;
}

struct Memory;

impl Store for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        Some(key.to_uppercase())
    }
}

#[tokio::main]
async fn main() {
    let stores: Vec<Box<dyn Store>> = vec![Box::new(Memory)];
    for store in &stores {
        println!("{:?}", store.get("ferris").await);
    }
}
// ANCHOR_END: here
