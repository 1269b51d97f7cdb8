//! Exercise 3-1, a solution: `yield from first; yield from second` as a
//! hand-written enum, checked against `Iterator::chain`.

use std::mem::{self, size_of};

// ANCHOR: solution
/// One state per `yield from`. The second iterator already exists while
/// the first runs (it was passed in), so the first state holds both.
enum Chain<A, B> {
    First(A, B),
    Second(B),
    Done,
}

// ANCHOR_END: solution

// ANCHOR: solution_next
impl<A: Iterator, B: Iterator<Item = A::Item>> Iterator for Chain<A, B> {
    type Item = A::Item;

    fn next(&mut self) -> Option<A::Item> {
        if let Chain::First(first, _) = self {
            if let Some(item) = first.next() {
                return Some(item);
            }
            // The first delegation is over: keep only `second`.
            let Chain::First(_, second) = mem::replace(self, Chain::Done)
            else {
                unreachable!("we were in the first state");
            };
            *self = Chain::Second(second);
        }
        if let Chain::Second(second) = self {
            if let Some(item) = second.next() {
                return Some(item);
            }
            *self = Chain::Done;
        }
        None
    }
}
// ANCHOR_END: solution_next

fn main() {
    let ours: Vec<u32> = Chain::First(1..4, 10..12).collect();
    println!("{ours:?}");
    type Ranges = std::ops::Range<u32>;
    println!("our Chain: {} bytes", size_of::<Chain<Ranges, Ranges>>());
    println!(
        "std Chain: {} bytes",
        size_of::<std::iter::Chain<Ranges, Ranges>>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std_chain() {
        for (a, b) in [(0..0, 0..0), (0..3, 0..0), (0..0, 5..7), (1..4, 4..9)] {
            let ours: Vec<u32> = Chain::First(a.clone(), b.clone()).collect();
            let std: Vec<u32> = a.chain(b).collect();
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn stays_done() {
        let mut chain = Chain::First(0..1, 0..0);
        assert_eq!(chain.next(), Some(0));
        assert_eq!(chain.next(), None);
        assert_eq!(chain.next(), None);
    }
}
