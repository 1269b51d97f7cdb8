//! Sentence, version 1: the sentence finds all its words when it is made and
//! keeps where each one is. Its iterator, `Words`, is a separate value that
//! remembers only which word comes next.

use std::ops::Range;

// ANCHOR: sentence
/// A text and where each of its words lies in it. A word is a run of
/// letters and digits; everything else separates words.
struct Sentence {
    text: String,
    words: Vec<Range<usize>>, // byte positions of each word in `text`
}
// ANCHOR_END: sentence

// ANCHOR: new
impl Sentence {
    fn new(text: &str) -> Sentence {
        let mut words = Vec::new();
        let mut start = None; // where the word we are inside began
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(s..text.len()); // a word that ends the text
        }
        Sentence {
            text: text.to_string(),
            words,
        }
    }
}
// ANCHOR_END: new

// ANCHOR: words
/// An iterator over a sentence's words: a borrow of the sentence and the
/// index of the next word to hand out.
struct Words<'a> {
    sentence: &'a Sentence,
    index: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let range = self.sentence.words.get(self.index)?.clone();
        self.index += 1;
        Some(&self.sentence.text[range])
    }
}
// ANCHOR_END: words

// ANCHOR: into_iter

/// `for word in &sentence` asks for a fresh `Words`, starting at 0.
impl<'a> IntoIterator for &'a Sentence {
    type Item = &'a str;
    type IntoIter = Words<'a>;

    fn into_iter(self) -> Words<'a> {
        Words {
            sentence: self,
            index: 0,
        }
    }
}
// ANCHOR_END: into_iter

// ANCHOR: main
fn main() {
    let sentence =
        Sentence::new("One master, 24 boards, and not a second wasted.");
    for word in &sentence {
        print!("<{word}>");
    }
    println!();

    // Each iterator keeps its own place; the sentence is not used up.
    let mut first = sentence.into_iter();
    let mut second = sentence.into_iter();
    first.next();
    first.next();
    println!("first is at {:?}", first.next());
    println!("second is at {:?}", second.next());
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let sentence = Sentence::new(text);
        sentence.into_iter().map(String::from).collect()
    }

    #[test]
    fn splits_on_anything_but_letters_and_digits() {
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
    fn two_iterators_are_independent() {
        let sentence = Sentence::new("a b");
        let mut first = sentence.into_iter();
        let mut second = sentence.into_iter();
        assert_eq!(first.next(), Some("a"));
        assert_eq!(first.next(), Some("b"));
        assert_eq!(first.next(), None);
        assert_eq!(second.next(), Some("a"));
    }
}
