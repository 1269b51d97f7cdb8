//! A shutdown signal: any thread may fire it; any task may wait for it.

use std::future::{Future, poll_fn};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};

/// Cloned handles share one signal.
#[derive(Clone, Default)]
pub struct Shutdown {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    fired: bool,
    /// The tasks waiting for the signal.
    waiting: Vec<Waker>,
}

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    /// Fires the signal and wakes every task waiting for it.
    pub fn fire(&self) {
        let waiting = {
            let mut state = self.state.lock().unwrap();
            state.fired = true;
            std::mem::take(&mut state.waiting)
        };
        for waker in waiting {
            waker.wake();
        }
    }

    /// Ready once the signal has fired.
    pub fn wait(&self) -> impl Future<Output = ()> + '_ {
        poll_fn(|cx| {
            let mut state = self.state.lock().unwrap();
            if state.fired {
                return Poll::Ready(());
            }
            // Keep one waker per task: the accept loop waits here again and
            // again, and one that wakes this task already will do.
            if !state.waiting.iter().any(|w| w.will_wake(cx.waker())) {
                state.waiting.push(cx.waker().clone());
            }
            Poll::Pending
        })
    }
}
