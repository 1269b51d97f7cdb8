//! A timer future backed by a thread. `Timer::new` starts a thread that
//! sleeps and then wakes whoever polled the timer last. `main` polls it,
//! guesses how long to wait, and polls again: it works, but only because the
//! guess was long enough. Listing 5-3 replaces the guess with the waker.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: timer
/// A future that becomes ready once `duration` has passed.
pub struct Timer {
    shared: Arc<Mutex<Shared>>,
}

/// What the timer thread and the future share.
struct Shared {
    /// Set by the timer thread when the time is up.
    fired: bool,
    /// The waker of the last poll: the one to call when the time is up.
    waker: Option<Waker>,
}

// ANCHOR_END: timer

// ANCHOR: timer_new
impl Timer {
    pub fn new(duration: Duration) -> Timer {
        let shared = Arc::new(Mutex::new(Shared {
            fired: false,
            waker: None,
        }));
        let thread_shared = Arc::clone(&shared);
        // One thread per timer: simple, and wasteful. Tokio keeps all its
        // timers in one wheel, checked by the thread that waits for I/O.
        thread::Builder::new()
            .name("timer".into())
            .spawn(move || {
                thread::sleep(duration);
                let waker = {
                    let mut shared = thread_shared.lock().unwrap();
                    shared.fired = true;
                    shared.waker.take()
                };
                // Wake after unlocking: the woken task may poll at once.
                if let Some(waker) = waker {
                    waker.wake();
                }
            })
            .expect("failed to spawn the timer thread");
        Timer { shared }
    }
}
// ANCHOR_END: timer_new

// ANCHOR: poll
impl Future for Timer {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared = self.shared.lock().unwrap();
        if shared.fired {
            return Poll::Ready(());
        }
        // Keep the waker of *this* poll. The task may have moved to another
        // executor or thread since the last poll; an old waker could wake
        // the wrong thing, or nothing at all.
        match &mut shared.waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            slot => *slot = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}
// ANCHOR_END: poll

// ANCHOR: main
/// A waker that only says who called it.
struct PrintingWaker;

impl Wake for PrintingWaker {
    fn wake(self: Arc<Self>) {
        let name = thread::current().name().unwrap_or("?").to_string();
        println!("wake() called on thread {name:?}");
    }
}

fn main() {
    let waker = Waker::from(Arc::new(PrintingWaker));
    let mut cx = Context::from_waker(&waker);
    let mut timer = Timer::new(Duration::from_millis(100));

    println!("poll 1: {:?}", Pin::new(&mut timer).poll(&mut cx));
    println!("main: no idea when to poll again; sleeping 500 ms");
    thread::sleep(Duration::from_millis(500));
    println!("poll 2: {:?}", Pin::new(&mut timer).poll(&mut cx));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// A waker that reports on a channel, so a test can wait for it.
    struct ChannelWaker(Mutex<mpsc::Sender<String>>);

    impl Wake for ChannelWaker {
        fn wake(self: Arc<Self>) {
            let name = thread::current().name().map(String::from);
            let _ = self.0.lock().unwrap().send(name.unwrap_or_default());
        }
    }

    #[test]
    fn the_waker_is_called_from_the_timer_thread() {
        let (tx, rx) = mpsc::channel();
        let waker = Waker::from(Arc::new(ChannelWaker(Mutex::new(tx))));
        let mut timer = Timer::new(Duration::from_millis(10));
        let mut cx = Context::from_waker(&waker);
        assert!(Pin::new(&mut timer).poll(&mut cx).is_pending());
        let thread = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(thread, "timer");
        assert!(Pin::new(&mut timer).poll(&mut cx).is_ready());
    }

    #[test]
    fn only_the_waker_of_the_last_poll_is_woken() {
        // The future is moved between the two polls, and polled with a new
        // waker: the wake-up must reach the new one, not the first.
        let (old_tx, old_rx) = mpsc::channel();
        let (new_tx, new_rx) = mpsc::channel();
        let old = Waker::from(Arc::new(ChannelWaker(Mutex::new(old_tx))));
        let new = Waker::from(Arc::new(ChannelWaker(Mutex::new(new_tx))));
        let mut timer = Timer::new(Duration::from_millis(50));
        let first = Pin::new(&mut timer).poll(&mut Context::from_waker(&old));
        assert!(first.is_pending());
        let mut moved = Box::new(timer);
        let second = Pin::new(&mut *moved).poll(&mut Context::from_waker(&new));
        assert!(second.is_pending());
        new_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(old_rx.try_recv().is_err());
    }

    #[test]
    fn main_runs() {
        main();
    }
}
