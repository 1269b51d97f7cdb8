//! What the loop does while nothing is ready: it sleeps in `poller.wait`
//! until the next timer is due. Counting its wake-ups shows it. (Std has no
//! portable way to read a process's CPU time, so we count wake-ups instead;
//! each wake-up is one trip around the loop, so spinning shows up as a
//! large count.)

use std::io;
use std::time::{Duration, Instant};

use event_loop::EventLoop;
use polling::{Events, Poller};

const DELAY: Duration = Duration::from_millis(200);

// ANCHOR: sleeping
/// Our loop with one timer and nothing else: how often does it wake?
fn sleeping_loop() -> io::Result<u64> {
    let mut el = EventLoop::new()?;
    el.call_later(DELAY, |_| println!("the timer fires"));
    el.run()?;
    Ok(el.wakeups())
}
// ANCHOR_END: sleeping

// ANCHOR: spinning
/// The mistake: a loop that asks the poller "anything ready?" with a zero
/// timeout and asks again at once, until the timer is due.
fn spinning_loop() -> io::Result<u64> {
    let poller = Poller::new()?;
    let mut events = Events::new();
    let deadline = Instant::now() + DELAY;
    let mut wakeups = 0;
    while Instant::now() < deadline {
        events.clear();
        poller.wait(&mut events, Some(Duration::ZERO))?;
        wakeups += 1;
    }
    Ok(wakeups)
}
// ANCHOR_END: spinning

// ANCHOR: main
fn main() -> io::Result<()> {
    let sleeping = sleeping_loop()?;
    let spinning = spinning_loop()?;
    // The exact counts vary from run to run; what they are beside 2 and
    // 1000 does not. The tests below assert the same bounds.
    println!("sleeping loop woke at most twice: {}", sleeping <= 2);
    println!("spinning loop woke over 1000 times: {}", spinning > 1000);
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// Runs `test` in a thread of its own and fails, instead of hanging,
    /// if it has not finished within a minute.
    fn within_a_minute(test: impl FnOnce() + Send + 'static) {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            test();
            done.send(()).unwrap();
        });
        finished
            .recv_timeout(Duration::from_secs(60))
            .expect("the test finished in time, without panicking");
    }

    // ANCHOR: tests
    #[test]
    fn an_idle_loop_sleeps_until_its_timer() {
        within_a_minute(|| {
            // One wake-up when the timer is due, and one to spare.
            assert!(sleeping_loop().unwrap() <= 2);
        });
    }

    #[test]
    fn a_quiet_socket_does_not_wake_the_loop() {
        within_a_minute(|| {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.set_nonblocking(true).unwrap();
            let mut el = EventLoop::new().unwrap();
            el.when_readable(listener, |_, _| panic!("nobody connects"))
                .unwrap();
            // Four timers 50 ms apart, then a stop: five wake-ups are needed.
            for i in 1..=4 {
                el.call_later(Duration::from_millis(50 * i), |_| {});
            }
            el.call_later(Duration::from_millis(250), |el| el.stop());
            el.run().unwrap();
            assert!(el.wakeups() <= 10, "woke {} times", el.wakeups());
        });
    }
    // ANCHOR_END: tests

    #[test]
    fn a_spinning_loop_wakes_thousands_of_times() {
        within_a_minute(|| {
            assert!(spinning_loop().unwrap() > 1000);
        });
    }
}
