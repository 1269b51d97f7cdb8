//! Boxed futures: a recursive `async fn`, and a list of futures of
//! different types.

use std::time::Duration;

use futures::future::{BoxFuture, FutureExt};
use tokio::time::sleep;

// ANCHOR: recursive
struct Dir {
    name: &'static str,
    bytes: u64,
    children: Vec<Dir>,
}

async fn total_bytes(dir: &Dir) -> u64 {
    let mut total = dir.bytes;
    for child in &dir.children {
        // The child's future goes on the heap: one allocation per child.
        total += Box::pin(total_bytes(child)).await;
    }
    total
}
// ANCHOR_END: recursive

// ANCHOR: list
/// Checks of different kinds, each its own future type, in one `Vec`.
fn checks(host: &'static str) -> Vec<BoxFuture<'static, (String, bool)>> {
    let ping = async move {
        sleep(Duration::from_millis(30)).await;
        (format!("ping {host}"), true)
    };
    let disk = async {
        sleep(Duration::from_millis(10)).await;
        ("disk".to_string(), false)
    };
    let cached = std::future::ready(("config".to_string(), true));
    vec![ping.boxed(), disk.boxed(), Box::pin(cached)]
}
// ANCHOR_END: list

fn tree() -> Dir {
    let leaf = |name, bytes| Dir {
        name,
        bytes,
        children: Vec::new(),
    };
    let src = Dir {
        name: "src",
        bytes: 4_096,
        children: vec![leaf("ch01.md", 31_200), leaf("ch02.md", 28_100)],
    };
    Dir {
        name: "book",
        bytes: 4_096,
        children: vec![src, leaf("README.md", 900)],
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let book = tree();
    println!("{}: {} bytes", book.name, total_bytes(&book).await);
    for (name, ok) in futures::future::join_all(checks("127.0.0.1")).await {
        println!("{name}: {}", if ok { "ok" } else { "FAILED" });
    }
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
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    #[test]
    fn allocates_once_per_child() {
        let book = tree(); // five entries: the root and four below it
        let mut sum = pin!(total_bytes(&book));
        let mut cx = Context::from_waker(Waker::noop());
        // Nothing in the walk waits, so one poll runs all of it.
        let (poll, allocated) = allocations(|| sum.as_mut().poll(&mut cx));
        assert!(matches!(poll, Poll::Ready(68_392)));
        assert_eq!(allocated, 4, "one box per child awaited");
    }

    #[tokio::test]
    async fn sums_every_level() {
        assert_eq!(
            total_bytes(&tree()).await,
            4_096 + 4_096 + 31_200 + 28_100 + 900
        );
    }
}
