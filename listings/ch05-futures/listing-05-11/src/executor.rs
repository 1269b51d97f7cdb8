//! The executor of Listing 5-4 with one change: when no task is ready, it
//! sleeps in the reactor, not on its channel, so that a socket becoming
//! ready can wake it as well as a waker can. Wakers therefore also notify
//! the reactor, and the executor counts live tasks to know when to stop.

use crate::reactor::Reactor;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::mpsc::TryRecvError;
use std::task::{Context, Wake, Waker};

// Under `--cfg loom` (ci/loom.sh), loom's models of the lock, the counter and
// the channel replace std's, and a model stands in for the reactor's poller,
// so that loom can try every interleaving of the executor and its wakers.
#[cfg(loom)]
use loom::sync::{
    Mutex,
    atomic::{AtomicUsize, Ordering},
    mpsc::{Receiver, Sender, channel},
};
#[cfg(not(loom))]
use std::sync::{
    Mutex,
    atomic::{AtomicUsize, Ordering},
    mpsc::{Receiver, Sender, channel},
};

/// What every task and spawner shares with the executor.
struct Shared {
    queue: Sender<Arc<Task>>,
    reactor: Arc<Reactor>,
    /// Tasks spawned whose future has neither completed nor been dropped.
    live: AtomicUsize,
}

/// A spawned future, as in Listing 5-4.
struct Task {
    future: Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>,
    shared: Arc<Shared>,
}

// ANCHOR: wake
impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let shared = Arc::clone(&self.shared);
        if shared.queue.send(self).is_ok() {
            // The executor may be asleep in the reactor: get it out. (Tokio
            // skips this for a wake on the runtime's own thread: it is awake.)
            let _ = shared.reactor.notify();
        }
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        // The last waker is gone and the future never completed: nothing
        // can wake it again, so count it out. This may happen on any thread
        // (with the last waker), so get the executor out of the reactor too.
        // (A lock poisoned by a panicking poll is no reason to panic here.)
        let future = self.future.lock().unwrap_or_else(|p| p.into_inner());
        if future.is_some() {
            self.shared.live.fetch_sub(1, Ordering::SeqCst);
            let _ = self.shared.reactor.notify();
        }
    }
}
// ANCHOR_END: wake

// ANCHOR: poll
impl Task {
    fn poll(self: &Arc<Self>) {
        let mut slot = self.future.lock().unwrap();
        if let Some(future) = slot.as_mut() {
            let waker = Waker::from(Arc::clone(self));
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                // Done: count it out now, though a waker of it may live on
                // (in a timer thread, say). `run` looks at the count next.
                *slot = None;
                self.shared.live.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}
// ANCHOR_END: poll

/// Runs tasks on the current thread, and sleeps in the reactor.
pub struct Executor {
    queue: Receiver<Arc<Task>>,
    shared: Arc<Shared>,
}

/// Hands new tasks to the executor; clone it to spawn from inside tasks.
#[derive(Clone)]
pub struct Spawner {
    shared: Arc<Shared>,
}

impl Spawner {
    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.shared.live.fetch_add(1, Ordering::SeqCst);
        let future = Mutex::new(Some(Box::pin(future) as Pin<Box<_>>));
        let task = Arc::new(Task {
            future,
            shared: Arc::clone(&self.shared),
        });
        task.wake(); // queue it for its first poll
    }
}

impl Executor {
    pub fn new() -> io::Result<Executor> {
        let (queue_tx, queue) = channel();
        let reactor = Reactor::new()?;
        let live = AtomicUsize::new(0);
        let shared = Arc::new(Shared {
            queue: queue_tx,
            reactor,
            live,
        });
        Ok(Executor { queue, shared })
    }

    pub fn spawner(&self) -> Spawner {
        Spawner {
            shared: Arc::clone(&self.shared),
        }
    }

    pub fn reactor(&self) -> &Arc<Reactor> {
        &self.shared.reactor
    }

    // ANCHOR: run
    /// Runs until every task has finished (or been dropped).
    pub fn run(&self) -> io::Result<()> {
        loop {
            // Poll every task that is ready...
            loop {
                match self.queue.try_recv() {
                    Ok(task) => task.poll(),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        unreachable!("we hold a sender")
                    }
                }
            }
            if self.shared.live.load(Ordering::SeqCst) == 0 {
                return Ok(());
            }
            // ...then sleep until a socket is ready or a waker notifies us.
            // A wake between `try_recv` and here is not lost: `notify`
            // makes the next `wait` return at once.
            self.shared.reactor.wait()?;
        }
    }
    // ANCHOR_END: run
}
