//! Two ways to make the futures of a trait's async methods `Send`, so a
//! generic function can spawn them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::sleep;

// ANCHOR: by_hand
/// The bound is written in the trait: every implementation's future
/// must be `Send`.
trait Store {
    fn get(&self, key: &str) -> impl Future<Output = Option<String>> + Send;
}

fn spawn_lookup<S>(store: Arc<S>, key: String) -> JoinHandle<Option<String>>
where
    S: Store + Send + Sync + 'static,
{
    tokio::spawn(async move { store.get(&key).await })
}
// ANCHOR_END: by_hand

// ANCHOR: impl
struct Memory(HashMap<String, String>);

impl Store for Memory {
    // An implementation may still be written as an `async fn`.
    async fn get(&self, key: &str) -> Option<String> {
        sleep(Duration::from_millis(10)).await;
        self.0.get(key).cloned()
    }
}
// ANCHOR_END: impl

// ANCHOR: variant
/// The same trait with its bound written by `trait_variant`.
#[trait_variant::make(Send)]
trait Cache {
    async fn get(&self, key: &str) -> Option<String>;
}

impl Cache for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
}

fn spawn_cached<C>(cache: Arc<C>, key: String) -> JoinHandle<Option<String>>
where
    C: Cache + Sync + 'static,
{
    tokio::spawn(async move { cache.get(&key).await })
}
// ANCHOR_END: variant

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let entries = [("ferris", "crab"), ("corro", "urchin")];
    let memory = Arc::new(Memory(
        entries.map(|(k, v)| (k.to_string(), v.to_string())).into(),
    ));
    let found = spawn_lookup(Arc::clone(&memory), "ferris".into()).await;
    println!("Store::get(ferris) = {:?}", found.unwrap());
    let found = spawn_cached(memory, "nobody".into()).await;
    println!("Cache::get(nobody) = {:?}", found.unwrap());
}
// ANCHOR_END: main

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
    fn calling_either_trait_allocates_nothing() {
        let memory = Memory(HashMap::new());
        // The call builds the implementation's own future, inline: no box.
        let (future, allocated) = allocations(|| Store::get(&memory, "ferris"));
        assert_eq!(allocated, 0, "Store::get boxed its future");
        drop(future);
        let (future, allocated) = allocations(|| Cache::get(&memory, "ferris"));
        assert_eq!(allocated, 0, "Cache::get boxed its future");
        drop(future);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn spawned_lookups_reach_the_store() {
        let memory = Arc::new(Memory(HashMap::from([(
            "corro".to_string(),
            "urchin".to_string(),
        )])));
        let found = spawn_lookup(Arc::clone(&memory), "corro".into()).await;
        assert_eq!(found.unwrap().as_deref(), Some("urchin"));
        let cached = spawn_cached(memory, "corro".into()).await;
        assert_eq!(cached.unwrap().as_deref(), Some("urchin"));
    }
}
