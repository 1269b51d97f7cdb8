//! `std::iter::successors`: a generator whose next value depends only on the
//! last one, here the Collatz sequence.

use std::iter;

// ANCHOR: collatz
/// The Collatz sequence from `start`: halve even numbers, turn odd `n` into
/// `3n + 1`, and stop after reaching 1.
fn collatz(start: u64) -> impl Iterator<Item = u64> {
    iter::successors(Some(start), |&n| match n {
        1 => None, // the sequence ends here
        n if n % 2 == 0 => Some(n / 2),
        n => Some(3 * n + 1),
    })
}
// ANCHOR_END: collatz

// ANCHOR: main
fn main() {
    let six: Vec<u64> = collatz(6).collect();
    println!("from 6: {six:?}");

    let steps = collatz(27).count() - 1;
    let peak = collatz(27).max().unwrap_or(27);
    println!("from 27: {steps} steps, peak {peak}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_already_done() {
        assert_eq!(collatz(1).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn six_takes_eight_steps() {
        assert_eq!(
            collatz(6).collect::<Vec<_>>(),
            [6, 3, 10, 5, 16, 8, 4, 2, 1]
        );
    }

    #[test]
    fn twenty_seven_is_famous() {
        assert_eq!(collatz(27).count() - 1, 111);
        assert_eq!(collatz(27).max(), Some(9232));
    }
}
