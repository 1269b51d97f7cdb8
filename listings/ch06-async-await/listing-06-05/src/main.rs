//! The sizes of the futures the compiler makes, measured with
//! `size_of_val` before they are polled. A future is as big as its
//! largest state: the locals alive across one `.await`, plus the future
//! awaited there.

use executor_extras::{Sleep, sleep, yield_now};
use std::time::Duration;

// ANCHOR: greet
/// Listing 5-8's `greet`, with this chapter's timer.
async fn greet(name: &'static str) -> usize {
    println!("{name}: hello");
    sleep(Duration::from_millis(1)).await;
    let letters = name.len();
    println!("{name}: {letters} letters");
    sleep(Duration::from_millis(1)).await;
    letters
}
// ANCHOR_END: greet

// ANCHOR: greet_enum
/// Listing 5-8's enum by hand, with the same timer: one variant per
/// place where `greet` can be stopped.
#[allow(dead_code)] // built only to be measured
enum Greet {
    Start {
        name: &'static str,
    },
    FirstWait {
        name: &'static str,
        timer: Sleep,
    },
    SecondWait {
        name: &'static str,
        letters: usize,
        timer: Sleep,
    },
    Done,
}
// ANCHOR_END: greet_enum

// ANCHOR: survey
/// Chapter 3's averager as an async fn: a reading arrives at each wait.
async fn average(readings: &[f64]) -> (u32, f64) {
    let (mut count, mut total) = (0, 0.0);
    for reading in readings {
        yield_now().await; // waiting for the next reading
        (count, total) = (count + 1, total + reading);
    }
    (count, total / f64::from(count))
}

/// Chapter 3's survey: two rooms in turn, one averager inside the other.
async fn survey(kitchen: &[f64], attic: &[f64]) -> [(u32, f64); 2] {
    let first = average(kitchen).await;
    let second = average(attic).await;
    [first, second]
}
// ANCHOR_END: survey

// ANCHOR: buffers
/// A kilobyte buffer that is still needed after the `.await`...
async fn buffer_kept() -> u8 {
    let buffer = [7_u8; 1024];
    yield_now().await;
    buffer[0]
}

/// ...and one that is done with before it.
async fn buffer_dropped() -> u8 {
    let buffer = [7_u8; 1024];
    let first = buffer[0];
    yield_now().await;
    first
}
// ANCHOR_END: buffers

// ANCHOR: main
fn main() {
    let (kitchen, attic) = ([21.5, 22.0], [17.0, 18.5]);
    let row = |what: &str, size: usize| println!("  {what:<36}{size:>5}");
    println!("sizes in bytes:");
    row("Sleep, the timer", size_of::<Sleep>());
    row(
        "greet, the compiler's machine",
        size_of_val(&greet("ferris")),
    );
    row("Greet, Listing 5-8's enum by hand", size_of::<Greet>());
    row("average", size_of_val(&average(&kitchen)));
    row(
        "survey, an average inside",
        size_of_val(&survey(&kitchen, &attic)),
    );
    row("a buffer kept across .await", size_of_val(&buffer_kept()));
    row(
        "a buffer dropped before .await",
        size_of_val(&buffer_dropped()),
    );
    row(
        "Box::pin(survey)",
        size_of_val(&Box::pin(survey(&kitchen, &attic))),
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use executor_extras::block_on;

    #[test]
    fn only_what_lives_across_an_await_is_stored() {
        assert!(size_of_val(&buffer_kept()) >= 1024);
        assert!(size_of_val(&buffer_dropped()) < 1024);
    }

    #[test]
    fn the_inner_future_is_inside_the_outer_one() {
        let (kitchen, attic) = ([1.0], [2.0]);
        let inner = size_of_val(&average(&kitchen));
        assert!(size_of_val(&survey(&kitchen, &attic)) > inner);
        assert_eq!(size_of_val(&Box::pin(average(&kitchen))), 8);
    }

    #[test]
    fn the_survey_averages_each_room() {
        let results = block_on(survey(&[21.5, 22.0], &[17.0, 18.5])).unwrap();
        assert_eq!(results, [(2, 21.75), (2, 17.75)]);
    }
}
