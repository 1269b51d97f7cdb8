//! Sentence, version 2: lazy. The sentence keeps only its text; its
//! iterator finds the next word when `next` is called, and its whole state
//! is the part of the text it has not read yet.

// ANCHOR: words
/// The words of a text, found one at a time, on demand.
struct Words<'a> {
    rest: &'a str, // the text not read yet
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        // Skip to the first letter or digit; none left means no more words.
        let start = self.rest.find(char::is_alphanumeric)?;
        let word = &self.rest[start..];
        // The word runs up to the next separator, or to the end.
        let end = word
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(word.len());
        self.rest = &word[end..];
        Some(&word[..end])
    }
}
// ANCHOR_END: words

// ANCHOR: sentence
/// A sentence that stores nothing but its text.
struct Sentence {
    text: String,
}

impl<'a> IntoIterator for &'a Sentence {
    type Item = &'a str;
    type IntoIter = Words<'a>;

    fn into_iter(self) -> Words<'a> {
        Words { rest: &self.text }
    }
}
// ANCHOR_END: sentence

// ANCHOR: main
fn main() {
    let sentence = Sentence {
        text: "One master, 24 boards, and not a second wasted.".into(),
    };
    let mut words = sentence.into_iter();
    while let Some(word) = words.next() {
        println!("{word:<7} then still to read: {:?}", words.rest);
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Words { rest: text }.collect()
    }

    #[test]
    fn same_words_as_version_one() {
        assert_eq!(
            words("One master, 24 boards, and not a second wasted."),
            [
                "One", "master", "24", "boards", "and", "not", "a", "second",
                "wasted"
            ]
        );
    }

    #[test]
    fn handles_edges_and_unicode() {
        assert!(words("").is_empty());
        assert!(words(" ... ").is_empty());
        assert_eq!(words("déjà-vu"), ["déjà", "vu"]);
        assert_eq!(words("end"), ["end"]);
    }

    #[test]
    fn reads_no_further_than_asked() {
        let mut words = Words {
            rest: "first second third",
        };
        assert_eq!(words.next(), Some("first"));
        assert_eq!(words.rest, " second third");
    }
}
