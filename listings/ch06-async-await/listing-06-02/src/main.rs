//! Who polls whom when an `async fn` awaits another. Each future is wrapped
//! in `trace`, which prints a line of a mermaid sequence diagram for each
//! poll and its result; the task's waker is wrapped too, so each wake-up
//! is a line. The output is the diagram in chapter 6.

use executor_extras::{block_on, sleep};
use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

// ANCHOR: fns
/// The callee: waits for a timer, then answers.
async fn lookup(name: &'static str) -> usize {
    trace("sleep", sleep(Duration::from_millis(200))).await;
    name.len()
}

/// The caller: awaits the callee, then uses its answer.
async fn probe() -> String {
    let letters = trace("lookup", lookup("fn.test")).await;
    format!("{letters} letters")
}
// ANCHOR_END: fns

// ANCHOR: main
fn main() -> std::io::Result<()> {
    println!("sequenceDiagram");
    for name in ["executor", "probe", "lookup", "sleep", "timer"] {
        println!("    participant {name}");
    }
    let answer = block_on(Woken(trace("probe", probe())))?;
    println!("    Note over executor: block_on returns {answer:?}");
    Ok(())
}
// ANCHOR_END: main

thread_local! {
    /// The futures being polled on this thread, outermost first.
    static POLLING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

// ANCHOR: trace
/// A future that prints each of its polls, who made it, and the result.
struct Traced<F> {
    name: &'static str,
    inner: Pin<Box<F>>,
}

fn trace<F: Future>(name: &'static str, inner: F) -> Traced<F> {
    let inner = Box::pin(inner);
    Traced { name, inner }
}
// ANCHOR_END: trace

// ANCHOR: trace_poll
impl<F> Future for Traced<F>
where
    F: Future,
    F::Output: Debug, // to print the result
{
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context) -> Poll<F::Output> {
        let name = self.name;
        let caller = POLLING.with_borrow(|p| *p.last().unwrap_or(&"executor"));
        println!("    {caller}->>{name}: poll");
        POLLING.with_borrow_mut(|polling| polling.push(name));
        let result = self.inner.as_mut().poll(cx);
        POLLING.with_borrow_mut(|polling| polling.pop());
        println!("    {name}-->>{caller}: {result:?}");
        result
    }
}
// ANCHOR_END: trace_poll

/// Wraps the task's waker in one that prints each wake-up.
struct Woken<F>(F);

struct TracedWaker(Waker);

impl Wake for TracedWaker {
    fn wake(self: Arc<Self>) {
        let thread = std::thread::current();
        let by = thread.name().unwrap_or("another thread");
        println!("    {by}-)executor: wake");
        self.0.wake_by_ref();
    }
}

impl<F: Future + Unpin> Future for Woken<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context) -> Poll<F::Output> {
        let waker = Waker::from(Arc::new(TracedWaker(cx.waker().clone())));
        Pin::new(&mut self.0).poll(&mut Context::from_waker(&waker))
    }
}
