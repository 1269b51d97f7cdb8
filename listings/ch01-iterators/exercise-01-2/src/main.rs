//! Exercise 1-2, solved: the initials of a phrase, in capitals, computed by
//! a chain of adapters with no loop and no `mut`.

// ANCHOR: solution
/// "portable network graphics" gives "PNG".
fn initials(phrase: &str) -> String {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|word| word.chars().next()) // first char of each word
        .flat_map(char::to_uppercase) // one char may give several
        .collect()
}
// ANCHOR_END: solution

fn main() {
    for phrase in ["portable network graphics", "as soon as possible"] {
        println!("{phrase}: {}", initials(phrase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_first_letter_of_each_word() {
        assert_eq!(initials("portable network graphics"), "PNG");
        assert_eq!(initials("  read-eval-print loop "), "REPL");
    }

    #[test]
    fn empty_and_separator_only_phrases_give_nothing() {
        assert_eq!(initials(""), "");
        assert_eq!(initials(" -- "), "");
    }

    #[test]
    fn uppercasing_may_grow_a_letter() {
        // German sharp s has no single capital: it becomes "SS".
        assert_eq!(initials("ßtraße ende"), "SSE");
    }
}
