//! Exercise 1-1, solved: the lazy `Words` iterator of Listing 1-5 made
//! double-ended. `next_back` takes words off the end of the unread text, so
//! `rev` works, and the two ends can meet in the middle.

struct Words<'a> {
    rest: &'a str, // the text not read yet, from either end
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.rest.find(char::is_alphanumeric)?;
        let word = &self.rest[start..];
        let end = word
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(word.len());
        self.rest = &word[end..];
        Some(&word[..end])
    }
}

// ANCHOR: solution
impl DoubleEndedIterator for Words<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        // The last letter or digit, and the byte just after it.
        let (last, c) = self
            .rest
            .char_indices()
            .rfind(|&(_, c)| c.is_alphanumeric())?;
        let word = &self.rest[..last + c.len_utf8()];
        // The word starts just after the separator before it, if any.
        let start = word
            .char_indices()
            .rfind(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.rest = &word[..start];
        Some(&word[start..])
    }
}
// ANCHOR_END: solution

fn main() {
    let text = "One master, 24 boards, and not a second wasted.";
    let backwards: Vec<&str> = Words { rest: text }.rev().collect();
    println!("{backwards:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rev_is_the_forward_order_reversed() {
        for text in ["", " .. ", "a", "déjà-vu!", "One master, 24 boards."] {
            let mut forward: Vec<&str> = Words { rest: text }.collect();
            forward.reverse();
            let backward: Vec<&str> = Words { rest: text }.rev().collect();
            assert_eq!(backward, forward, "for {text:?}");
        }
    }

    #[test]
    fn the_two_ends_meet_without_repeating_a_word() {
        let mut words = Words { rest: "a b c" };
        assert_eq!(words.next(), Some("a"));
        assert_eq!(words.next_back(), Some("c"));
        assert_eq!(words.next_back(), Some("b"));
        assert_eq!(words.next(), None);
        assert_eq!(words.next_back(), None);
    }
}
