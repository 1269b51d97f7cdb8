//! Exercise 12-2: chapter 2's running average as a stream adapter.

use std::future::ready;
use std::time::Duration;

use futures::{Stream, StreamExt, stream};
use tokio::time::{Instant, sleep};

// ANCHOR: solution
/// The average of every number so far, after each number.
fn running_average(
    numbers: impl Stream<Item = f64>,
) -> impl Stream<Item = f64> {
    numbers.scan((0.0, 0_u32), |(total, count), number| {
        *total += number;
        *count += 1;
        ready(Some(*total / f64::from(*count))) // None would end the stream
    })
}
// ANCHOR_END: solution

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    now();
    let readings = stream::iter([10.0, 30.0, 5.0]).then(|reading| async move {
        sleep(Duration::from_secs(1)).await; // one reading a second
        reading
    });
    let mut averages = Box::pin(running_average(readings));
    while let Some(average) = averages.next().await {
        println!("{:>5?}  average so far: {average}", now());
    }
}
// ANCHOR_END: main

/// Virtual time since `main` started.
fn now() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn averages_everything_so_far() {
        let numbers = stream::iter([10.0, 20.0, 30.0, 0.0]);
        let averages: Vec<f64> = running_average(numbers).collect().await;
        assert_eq!(averages, [10.0, 15.0, 20.0, 15.0]);
    }

    #[tokio::test(start_paused = true)]
    async fn each_average_comes_as_its_number_arrives() {
        // Two numbers, then a stream that waits for ever: the averages of
        // the first two must come without waiting for a third.
        let numbers = stream::iter([10.0, 20.0]).chain(stream::pending());
        let mut averages = Box::pin(running_average(numbers));
        for expected in [10.0, 15.0] {
            let next = averages.next();
            let deadline = Duration::from_secs(60); // paused time: at once
            let average = tokio::time::timeout(deadline, next).await;
            assert_eq!(average, Ok(Some(expected)));
        }
    }

    #[tokio::test]
    async fn an_empty_stream_has_no_average() {
        let averages: Vec<f64> =
            running_average(stream::empty()).collect().await;
        assert!(averages.is_empty());
    }
}
