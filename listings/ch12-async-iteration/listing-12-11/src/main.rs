//! A lock held across `next().await`, and the fix.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Instant, timeout};
use tokio_stream::wrappers::ReceiverStream;

/// What both sides record, shared between them.
#[derive(Default)]
struct Log {
    sent: u32,
    saved: u32,
}

// ANCHOR: produce
async fn produce(log: Arc<Mutex<Log>>, sender: mpsc::Sender<u32>) {
    for reading in 1..=3 {
        log.lock().await.sent += 1; // the guard drops at the semicolon
        if sender.send(reading).await.is_err() {
            return; // the consumer is gone
        }
    }
}
// ANCHOR_END: produce

// ANCHOR: holding
async fn save_holding(log: Arc<Mutex<Log>>, mut readings: ReceiverStream<u32>) {
    let mut log = log.lock().await; // held for the whole loop...
    while let Some(_reading) = readings.next().await {
        log.saved += 1; // ...and across every next().await
    }
}
// ANCHOR_END: holding

// ANCHOR: fixed
async fn save(log: Arc<Mutex<Log>>, mut readings: ReceiverStream<u32>) {
    while let Some(_reading) = readings.next().await {
        log.lock().await.saved += 1; // held for this line only
    }
}
// ANCHOR_END: fixed

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    for holding in [true, false] {
        let log = Arc::new(Mutex::new(Log::default()));
        let (sender, receiver) = mpsc::channel(1);
        let producer = tokio::spawn(produce(Arc::clone(&log), sender));
        let (log2, readings) =
            (Arc::clone(&log), ReceiverStream::new(receiver));
        let (start, limit) = (Instant::now(), Duration::from_secs(5));
        let ended = match holding {
            true => timeout(limit, save_holding(log2, readings)).await,
            false => timeout(limit, save(log2, readings)).await,
        };
        producer.abort(); // it would take the lock the consumer let go
        let log = log.lock().await;
        let how = if ended.is_ok() { "ended" } else { "timed out" };
        let took = start.elapsed();
        println!(
            "holding {holding:>5}: {how} after {took:?}, sent {}, saved {}",
            log.sent, log.saved
        );
    }
}
// ANCHOR_END: main
