//! Does not compile: a generator that hands out a borrow of its own state.
//! Each call would change the very `String` the caller still holds.

use std::iter;

// ANCHOR: here
fn main() {
    let words = ["boil", "the", "water"];
    let mut line = String::new(); // grows by one word per call
    let mut index = 0;
    let prefixes = iter::from_fn(move || {
        let word = words.get(index)?;
        index += 1;
        line.push_str(word);
        line.push(' ');
        Some(&line) // lend out our own state
    });
    for prefix in prefixes {
        println!("{prefix}");
    }
}
// ANCHOR_END: here
