//! The three ways to walk a `Vec`: lend each element (`iter`, or `for x in
//! &v`), lend each element mutably (`iter_mut`, or `for x in &mut v`), or
//! hand each element over and use up the `Vec` (`into_iter`, or `for x in v`).

// ANCHOR: three_ways
/// Reads each name: `names` is borrowed, each `name` is a `&String`.
fn letters(names: &[String]) -> usize {
    let mut total = 0;
    for name in names {
        total += name.chars().count(); // `len` would count bytes
    }
    total
}

/// Changes each name in place: each `name` is a `&mut String`.
fn shout(names: &mut [String]) {
    for name in names.iter_mut() {
        *name = name.to_uppercase();
    }
}

/// Takes the names: each `name` is a `String`, moved out of the `Vec`,
/// which is gone when the loop ends.
fn seat(names: Vec<String>) -> Vec<String> {
    let mut boards = Vec::new();
    for (number, name) in names.into_iter().enumerate() {
        boards.push(format!("board {}: {name}", number + 1));
    }
    boards
}
// ANCHOR_END: three_ways

// ANCHOR: main
fn main() {
    let mut names: Vec<String> =
        vec!["Ada".into(), "Boris".into(), "Zoë".into()];

    println!("{} letters in {names:?}", letters(&names));
    shout(&mut names);
    println!("shouted: {names:?}");
    for board in seat(names) {
        println!("{board}");
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["Ada".into(), "Zoë".into()]
    }

    #[test]
    fn letters_counts_characters_not_bytes() {
        // "Zoë" is three letters in four bytes.
        assert_eq!(letters(&names()), 6);
    }

    #[test]
    fn shout_changes_every_letter_in_place() {
        let mut names = names();
        shout(&mut names);
        assert_eq!(names, ["ADA", "ZOË"]);
    }

    #[test]
    fn seat_numbers_from_one_in_order() {
        assert_eq!(seat(names()), ["board 1: Ada", "board 2: Zoë"]);
    }
}
