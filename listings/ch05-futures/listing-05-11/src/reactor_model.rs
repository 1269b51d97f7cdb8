//! Under `--cfg loom` (ci/loom.sh), this model stands in for the reactor of
//! `reactor.rs`. It has no sockets, only the two calls the executor makes,
//! with the poller's rules: `wait` sleeps until `notify` has been called
//! since the last `wait` returned, a `notify` made while nobody waits is
//! kept for the next `wait`, and several count as one.

use loom::sync::{Condvar, Mutex};
use std::io;
use std::sync::Arc;

pub struct Reactor {
    notified: Mutex<bool>,
    woken: Condvar,
}

impl Reactor {
    pub fn new() -> io::Result<Arc<Reactor>> {
        Ok(Arc::new(Reactor {
            notified: Mutex::new(false),
            woken: Condvar::new(),
        }))
    }

    pub fn wait(&self) -> io::Result<()> {
        let mut notified = self.notified.lock().unwrap();
        while !*notified {
            notified = self.woken.wait(notified).unwrap();
        }
        *notified = false;
        Ok(())
    }

    pub fn notify(&self) -> io::Result<()> {
        *self.notified.lock().unwrap() = true;
        self.woken.notify_one();
        Ok(())
    }
}
