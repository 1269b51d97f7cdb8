//! The reactor: the one place that waits for the operating system. Sockets
//! are registered with a `polling::Poller`; a task that finds a socket not
//! ready leaves its waker here and arms the poller; when the poller reports
//! the socket ready, the reactor wakes the task. Chapter 4's loop called a
//! callback at that point; here the "callback" is always a waker.

use polling::{AsRawSource, AsSource, Event, Events, Poller};
use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;

// ANCHOR: reactor
/// Turns socket readiness into wake-ups.
pub struct Reactor {
    poller: Poller,
    /// For each registered socket (by key), the tasks waiting on it.
    waiting: Mutex<HashMap<usize, Waiting>>,
    /// The key for the next socket registered.
    next_key: AtomicUsize,
    /// How many times a task has waited to read, and to write.
    waits: [AtomicUsize; 2],
}

/// Who waits for a socket to become readable, and who for writable.
#[derive(Default)]
struct Waiting {
    reader: Option<Waker>,
    writer: Option<Waker>,
}

/// Which kind of readiness a task waits for.
#[derive(Clone, Copy, Debug)]
pub enum Direction {
    Read,
    Write,
}
// ANCHOR_END: reactor

impl Reactor {
    pub fn new() -> io::Result<Arc<Reactor>> {
        Ok(Arc::new(Reactor {
            poller: Poller::new()?,
            waiting: Mutex::new(HashMap::new()),
            next_key: AtomicUsize::new(0),
            waits: Default::default(),
        }))
    }

    /// Registers a non-blocking socket, with no interest yet. Returns its key.
    ///
    /// # Safety
    ///
    /// The socket must be passed to [`Reactor::deregister`] before it is
    /// closed: that is the contract of `Poller::add`.
    pub unsafe fn register<S>(&self, socket: &S) -> io::Result<usize>
    where
        for<'s> &'s S: AsRawSource,
    {
        let key = self.next_key.fetch_add(1, Ordering::Relaxed);
        // SAFETY: passed on to our caller, as documented above.
        unsafe { self.poller.add(socket, Event::none(key))? };
        self.waiting.lock().unwrap().insert(key, Waiting::default());
        Ok(key)
    }

    pub fn deregister(
        &self,
        key: usize,
        socket: &impl AsSource,
    ) -> io::Result<()> {
        self.waiting.lock().unwrap().remove(&key);
        self.poller.delete(socket)
    }

    // ANCHOR: arm
    /// Leaves `waker` to be woken when `socket` is ready for `direction`,
    /// and arms the poller for that.
    pub fn arm(
        &self,
        key: usize,
        socket: &impl AsSource,
        direction: Direction,
        waker: &Waker,
    ) -> io::Result<()> {
        let mut all = self.waiting.lock().unwrap();
        let waiting = all.entry(key).or_default();
        let slot = match direction {
            Direction::Read => &mut waiting.reader,
            Direction::Write => &mut waiting.writer,
        };
        *slot = Some(waker.clone());
        self.waits[direction as usize].fetch_add(1, Ordering::Relaxed);
        // Ask for every kind of readiness someone waits for. The poller is
        // in oneshot mode: each report disarms the socket until armed again.
        let (read, write) =
            (waiting.reader.is_some(), waiting.writer.is_some());
        self.poller.modify(socket, Event::new(key, read, write))
    }
    // ANCHOR_END: arm

    // ANCHOR: wait
    /// Sleeps until a socket is ready or [`Reactor::notify`] is called,
    /// then wakes the tasks waiting on the ready sockets.
    pub fn wait(&self) -> io::Result<()> {
        let mut events = Events::new();
        self.poller.wait(&mut events, None)?;
        let mut to_wake = Vec::new();
        let mut all = self.waiting.lock().unwrap();
        for event in events.iter() {
            if let Some(waiting) = all.get_mut(&event.key) {
                // The report disarmed the socket for both directions, so
                // wake both waiters; one may find it must wait again.
                to_wake.extend(waiting.reader.take());
                to_wake.extend(waiting.writer.take());
            }
        }
        drop(all); // wake without holding the lock
        for waker in to_wake {
            waker.wake();
        }
        Ok(())
    }
    // ANCHOR_END: wait

    /// How many times a task has waited for `direction`: each wait follows
    /// a system call that said `WouldBlock`. For tests and curious readers.
    pub fn waits(&self, direction: Direction) -> usize {
        self.waits[direction as usize].load(Ordering::Relaxed)
    }

    /// Makes the current or the next [`Reactor::wait`] return at once.
    pub fn notify(&self) -> io::Result<()> {
        self.poller.notify()
    }
}
