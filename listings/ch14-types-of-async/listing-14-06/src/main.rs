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

/// Counts heap allocations per thread, so that a test can see what one call
/// costs; tests running on other threads do not disturb the count.
#[cfg(test)]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    struct Counting;

    // SAFETY: every request is passed to the system allocator unchanged.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
            // SAFETY: the caller upholds `alloc`'s contract.
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` came from `System.alloc` with this layout.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static COUNTING: Counting = Counting;

    /// How many allocations `f` made on this thread.
    pub fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = ALLOCATIONS.with(Cell::get);
        let value = f();
        (value, ALLOCATIONS.with(Cell::get) - before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use counting::allocations;

    #[test]
    fn every_call_allocates_one_box() {
        let stores: [Box<dyn Store + Send + Sync>; 2] =
            [Box::new(Memory), Box::new(Slow(Duration::from_millis(50)))];
        for store in &stores {
            let (future, allocated) = allocations(|| store.get("ferris"));
            assert_eq!(allocated, 1, "one box for the future, per call");
            drop(future);
        }
    }

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
