//! A pipeline with backpressure: a fast producer, a slow stage, and a
//! bounded channel between them that makes the producer wait.

use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use async_stream::stream;
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};
use tokio_stream::wrappers::ReceiverStream;

/// How many readings the sensor takes, one a millisecond.
const READINGS: u32 = 1000;

fn readings() -> impl Stream<Item = u32> {
    stream! {
        for n in 1..=READINGS {
            sleep(Duration::from_millis(1)).await;
            yield n;
        }
    }
}

// ANCHOR: pipeline
/// Runs the pipeline with a channel of `capacity`; prints when each side
/// finished and the most readings sent but not yet saved.
async fn pipeline(capacity: usize) {
    let start = Instant::now();
    let (sender, receiver) = mpsc::channel(capacity);
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let producer = tokio::spawn(async move {
        let mut readings = pin!(readings());
        while let Some(n) = readings.next().await {
            // Waits while the channel is full: the slow stage pushes back.
            if sender.send(n).await.is_err() {
                break; // the saver is gone
            }
            counter.fetch_add(1, SeqCst);
        }
        start.elapsed()
    });
    // ANCHOR_END: pipeline
    // ANCHOR: saver
    let (mut saved, mut most) = (0, 0);
    let mut received = ReceiverStream::new(receiver);
    while let Some(_reading) = received.next().await {
        sleep(Duration::from_millis(5)).await; // saving is slow
        // In flight peaks here: this reading is sent but not yet saved.
        most = most.max(sent.load(SeqCst) - saved);
        saved += 1;
    }
    let produced = producer.await.expect("the producer does not panic");
    println!(
        "capacity {capacity:>4}: producer done at {produced:>6?}, saver at \
         {:>6?}, at most {most:>3} in flight",
        start.elapsed()
    );
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    pipeline(8).await;
    pipeline(1000).await; // as good as unbounded for 1000 readings
}
// ANCHOR_END: saver
