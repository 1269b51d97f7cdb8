//! A trait with an async method used as `dyn Trait`, through the
//! `async-trait` crate: each call returns a boxed future.

use std::any::type_name_of_val;
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::sleep;

// ANCHOR: trait
#[async_trait]
trait Store {
    async fn get(&self, key: &str) -> Option<String>;
}

struct Memory;
struct Slow(Duration);

#[async_trait]
impl Store for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        (key == "ferris").then(|| "crab".to_string())
    }
}

#[async_trait]
impl Store for Slow {
    async fn get(&self, key: &str) -> Option<String> {
        sleep(self.0).await;
        Some(key.to_uppercase())
    }
}
// ANCHOR_END: trait

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let stores: Vec<Box<dyn Store + Send + Sync>> =
        vec![Box::new(Memory), Box::new(Slow(Duration::from_millis(50)))];
    for store in &stores {
        let future = store.get("ferris");
        println!("{}", short(type_name_of_val(&future)));
        println!("  -> {:?}", future.await);
    }
}
// ANCHOR_END: main

/// A type name without its module paths: `alloc::boxed::Box` as `Box`.
fn short(name: &str) -> String {
    let (mut out, mut word) = (String::new(), String::new());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            word.clear();
        } else {
            out.push_str(&word);
            word.clear();
            out.push(c);
        }
    }
    out + &word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_drops_every_module_path() {
        let name = "core::pin::Pin<alloc::boxed::Box<dyn core::marker::Send>>";
        assert_eq!(short(name), "Pin<Box<dyn Send>>");
    }

    #[tokio::test(start_paused = true)]
    async fn both_stores_answer_through_dyn() {
        let stores: [Box<dyn Store + Send + Sync>; 2] =
            [Box::new(Memory), Box::new(Slow(Duration::from_millis(50)))];
        assert_eq!(stores[0].get("nobody").await, None);
        assert_eq!(stores[1].get("corro").await.as_deref(), Some("CORRO"));
    }
}
