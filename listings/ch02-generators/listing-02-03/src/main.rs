//! `std::iter::from_fn`: a closure is the generator's body, and the variables
//! it captures are the state that survives between calls.

use std::iter;

// ANCHOR: words
/// Yields the words of `text`, split on whitespace, one per call.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text; // the only state: what is left to read
    iter::from_fn(move || {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None; // the generator returns: iteration ends
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        Some(word)
    })
}
// ANCHOR_END: words

// ANCHOR: fibonacci
/// Fibonacci numbers: the pair of the next two is the state. Either may be
/// `None`, once the sum that makes it no longer fits in a `u64`.
fn fibonacci() -> impl Iterator<Item = u64> {
    let (mut a, mut b) = (Some(0u64), Some(1u64));
    iter::from_fn(move || {
        let next = a?; // no next number: the sequence is over
        (a, b) = (b, b.and_then(|b| b.checked_add(next)));
        Some(next)
    })
}
// ANCHOR_END: fibonacci

// ANCHOR: main
fn main() {
    for word in words("  boil   the water\tthen wait ") {
        println!("{word:?}");
    }
    let first: Vec<u64> = fibonacci().take(10).collect();
    println!("{first:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_agrees_with_split_whitespace() {
        let text = "  one two\n\tthree   four  ";
        let ours: Vec<&str> = words(text).collect();
        let std: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(ours, std);
    }

    #[test]
    fn words_of_blank_text_is_empty() {
        assert_eq!(words(" \t\n").count(), 0);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn fibonacci_yields_every_number_that_fits_in_a_u64() {
        let all: Vec<u64> = fibonacci().collect();
        // F(0) to F(93); F(94) = 19,740,274,219,868,223,167 > u64::MAX.
        assert_eq!(all.len(), 94);
        assert_eq!(all.last(), Some(&12_200_160_415_121_876_738));
        for pair in all.windows(3) {
            assert_eq!(pair[0] + pair[1], pair[2]);
        }
    }

    #[test]
    fn fibonacci_starts_right() {
        let got: Vec<u64> = fibonacci().take(8).collect();
        assert_eq!(got, [0, 1, 1, 2, 3, 5, 8, 13]);
    }
}
