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

    #[test]
    fn an_empty_collection_never_runs_the_body() {
        let mut calls = 0;
        for_by_hand(Vec::<u8>::new(), |_| calls += 1);
        assert_eq!(calls, 0);
    }

    #[test]
    fn works_on_borrowed_collections_too() {
        let words = vec![String::from("a"), String::from("bc")];
        let mut total = 0;
        for_by_hand(&words, |word: &String| total += word.len());
        assert_eq!(total, 3);
        assert_eq!(words.len(), 2); // still ours: only borrowed
    }
}
