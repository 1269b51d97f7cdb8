//! A `for` loop, and the same loop written out by hand: `into_iter` to get
//! an iterator, then `next` until it returns `None`.

// ANCHOR: by_hand
/// Calls `body` with each item, exactly as
/// `for item in items { body(item) }` would.
#[allow(clippy::while_let_loop)] // spelled out on purpose
fn for_by_hand<I, F>(items: I, mut body: F)
where
    I: IntoIterator,
    F: FnMut(I::Item),
{
    let mut iter = IntoIterator::into_iter(items);
    loop {
        match iter.next() {
            Some(item) => body(item),
            None => break,
        }
    }
}
// ANCHOR_END: by_hand

// ANCHOR: main
fn main() {
    let opponents = vec!["Ada", "Boris", "Chen"];

    for name in opponents.clone() {
        println!("for:     {name}");
    }
    for_by_hand(opponents, |name| println!("by hand: {name}"));

    // Anything that implements IntoIterator works the same way.
    for_by_hand(1..=3, |n| println!("range:   {n}"));
    for_by_hand("e4".chars(), |c| println!("chars:   {c}"));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn visits_items_in_the_same_order_as_for() {
        let items = vec![3, 1, 2];
        let mut by_for = Vec::new();
        for item in items.clone() {
            by_for.push(item);
        }
        let mut by_hand = Vec::new();
        for_by_hand(items, |item| by_hand.push(item));
        assert_eq!(by_hand, by_for);
    }

    /// An iterable that counts the calls `for_by_hand` makes on it.
    struct Counted<'a> {
        items: Vec<u8>,
        into_iter_calls: &'a Cell<u32>,
        next_calls: &'a Cell<u32>,
    }

    struct CountedIter<'a> {
        items: std::vec::IntoIter<u8>,
        next_calls: &'a Cell<u32>,
        finished: bool,
    }

    impl<'a> IntoIterator for Counted<'a> {
        type Item = u8;
        type IntoIter = CountedIter<'a>;
        fn into_iter(self) -> CountedIter<'a> {
            self.into_iter_calls.set(self.into_iter_calls.get() + 1);
            CountedIter {
                items: self.items.into_iter(),
                next_calls: self.next_calls,
                finished: false,
            }
        }
    }

    impl Iterator for CountedIter<'_> {
        type Item = u8;
        fn next(&mut self) -> Option<u8> {
            assert!(!self.finished, "next called again after None");
            self.next_calls.set(self.next_calls.get() + 1);
            let item = self.items.next();
            self.finished = item.is_none();
            item
        }
    }

    #[test]
    fn into_iter_once_then_next_once_per_item_and_once_more() {
        for len in 0..4 {
            let (into_iter_calls, next_calls) = (Cell::new(0), Cell::new(0));
            let items: Vec<u8> = (0..len).collect();
            let counted = Counted {
                items: items.clone(),
                into_iter_calls: &into_iter_calls,
                next_calls: &next_calls,
            };
            let mut seen = Vec::new();
            for_by_hand(counted, |item| seen.push(item));
            assert_eq!(seen, items);
            assert_eq!(into_iter_calls.get(), 1, "{len} items");
            assert_eq!(next_calls.get(), u32::from(len) + 1, "{len} items");
        }
    }
}
