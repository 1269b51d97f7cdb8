//! The timer, `timeout`, `block_on` and the UDP socket, each run on a
//! thread of its own with a deadline, so that a lost wake-up fails the
//! test instead of hanging it.

use executor_extras::{
    Elapsed, Executor, UdpSocket, block_on, sleep, timeout, yield_now,
};
use std::future::Future;
use std::panic;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(10);

/// Runs `f` on another thread; fails the test if it takes too long, and
/// with `f`'s own message if it panics (a panic must not pass for a hang).
fn within_deadline<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, result) = mpsc::channel();
    let thread = thread::spawn(move || {
        let _ = done.send(f());
    });
    match result.recv_timeout(DEADLINE) {
        Ok(value) => value,
        Err(RecvTimeoutError::Disconnected) => {
            panic::resume_unwind(thread.join().unwrap_err())
        }
        Err(RecvTimeoutError::Timeout) => {
            panic!("did not finish within the deadline: a lost wake-up?")
        }
    }
}

#[test]
fn block_on_returns_the_output() {
    let out = within_deadline(|| block_on(async { 6 * 7 }).unwrap());
    assert_eq!(out, 42);
}

#[test]
fn sleep_waits_at_least_its_duration() {
    let waited = within_deadline(|| {
        block_on(async {
            let start = Instant::now();
            sleep(Duration::from_millis(100)).await;
            start.elapsed()
        })
        .unwrap()
    });
    assert!(waited >= Duration::from_millis(100), "{waited:?}");
}

#[test]
fn timeout_gives_up_on_slow_work() {
    let result = within_deadline(|| {
        block_on(async {
            let slow = sleep(Duration::from_secs(30));
            timeout(Duration::from_millis(50), slow).await
        })
        .unwrap()
    });
    assert_eq!(result, Err(Elapsed(Duration::from_millis(50))));
}

#[test]
fn timeout_lets_quick_work_finish() {
    let result = within_deadline(|| {
        block_on(async {
            let quick = async {
                yield_now().await;
                "done"
            };
            timeout(Duration::from_secs(30), quick).await
        })
        .unwrap()
    });
    assert_eq!(result, Ok("done"));
}

#[test]
fn a_dropped_timer_does_not_wake_the_task() {
    // The task gives up on a 200 ms timer after 10 ms, then sleeps 600 ms.
    // It needs three polls: the start, the timeout, the end of the sleep.
    // A dropped timer that kept the waker would wake it a fourth time, at
    // 200 ms, for nothing. (The wide margins keep a busy machine, slow to
    // run a timer thread, from reordering the two timers.)
    let polls = within_deadline(|| {
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = CountPolls(
            Arc::clone(&polls),
            Box::pin(async {
                let forgotten = sleep(Duration::from_millis(200));
                let result =
                    timeout(Duration::from_millis(10), forgotten).await;
                assert!(result.is_err());
                sleep(Duration::from_millis(600)).await;
            }),
        );
        block_on(counted).unwrap();
        polls.load(Ordering::SeqCst)
    });
    assert_eq!(polls, 3);
}

/// Counts the polls of the future inside.
struct CountPolls<F>(Arc<AtomicUsize>, Pin<Box<F>>);

impl<F: Future> Future for CountPolls<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context) -> Poll<F::Output> {
        self.0.fetch_add(1, Ordering::SeqCst);
        self.1.as_mut().poll(cx)
    }
}

#[test]
fn udp_sockets_send_and_receive_on_the_reactor() {
    let got = within_deadline(|| {
        let executor = Executor::new().unwrap();
        let reactor = Arc::clone(executor.reactor());
        let (done, got) = mpsc::channel();
        executor.spawner().spawn(async move {
            let a = UdpSocket::bind("127.0.0.1:0", &reactor).unwrap();
            let b = UdpSocket::bind("127.0.0.1:0", &reactor).unwrap();
            a.connect(b.local_addr().unwrap()).unwrap();
            b.connect(a.local_addr().unwrap()).unwrap();
            let mut buffer = [0; 16];
            // b waits first, so its recv must be woken by the reactor.
            let (sent, received) = futures_join(
                async {
                    yield_now().await;
                    a.send(b"ping").await.unwrap()
                },
                b.recv(&mut buffer),
            )
            .await;
            let _ = done.send((sent, received.unwrap(), buffer));
        });
        executor.run().unwrap();
        got.recv().unwrap()
    });
    assert_eq!((got.0, got.1, &got.2[..4]), (4, 4, &b"ping"[..]));
}

/// Two futures polled side by side in one task, until both are done.
async fn futures_join<A: Future, B: Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut out_a, mut out_b) = (None, None);
    std::future::poll_fn(|cx| {
        if out_a.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            out_a = Some(v);
        }
        if out_b.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            out_b = Some(v);
        }
        if out_a.is_some() && out_b.is_some() {
            Poll::Ready((out_a.take().unwrap(), out_b.take().unwrap()))
        } else {
            Poll::Pending
        }
    })
    .await
}
