//! `Shouter`, a synchronous client for Listing 15-4's service. Its callers
//! never see a runtime: one lives on a thread the client starts, and the
//! client talks to it through channels. Any number of threads may share
//! one `Shouter`; their calls run concurrently on the runtime's thread.

use std::io;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// What a caller sends the runtime's thread: a word, and where to put
/// the answer.
type Call = (String, mpsc::Sender<io::Result<String>>);

// ANCHOR: client
/// A synchronous client: a runtime on a thread of its own, and the
/// sending end of its queue of calls.
pub struct Shouter {
    calls: Option<UnboundedSender<Call>>,
    thread: Option<JoinHandle<()>>,
    /// How long a call waits for its answer.
    pub timeout: Duration,
}
// ANCHOR_END: client

// ANCHOR: start
impl Shouter {
    pub fn new(addr: SocketAddr) -> io::Result<Shouter> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (calls, mut queue) = unbounded_channel::<Call>();
        let thread = std::thread::Builder::new()
            .name("shouter-runtime".into())
            .spawn(move || {
                runtime.block_on(async {
                    while let Some((word, reply)) = queue.recv().await {
                        tokio::spawn(async move {
                            let answer = listing_15_04::shout(addr, &word);
                            let _ = reply.send(answer.await);
                        });
                    }
                })
            })?;
        let timeout = Duration::from_secs(10);
        Ok(Shouter {
            calls: Some(calls),
            thread: Some(thread),
            timeout,
        })
    }
    // ANCHOR_END: start

    // ANCHOR: shout
    /// Shouts `word`, blocking the calling thread until the answer comes
    /// or `timeout` passes.
    pub fn shout(&self, word: &str) -> io::Result<String> {
        let (reply, answer) = mpsc::channel();
        let calls = self.calls.as_ref().expect("set until drop");
        calls
            .send((word.to_string(), reply))
            .map_err(|_| io::Error::other("the runtime's thread has ended"))?;
        match answer.recv_timeout(self.timeout) {
            Ok(answer) => answer,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("no answer within {:?}", self.timeout),
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(io::Error::other("the call was dropped unanswered"))
            }
        }
    }
}
// ANCHOR_END: shout

// ANCHOR: drop
impl Drop for Shouter {
    /// Closing the queue ends the loop, so `block_on` returns, the runtime
    /// is dropped with any calls still in flight, and the thread ends.
    fn drop(&mut self) {
        drop(self.calls.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
// ANCHOR_END: drop
