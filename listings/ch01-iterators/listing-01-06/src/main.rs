//! Sentence, version 3: no hand-written iterator at all. Two adapters from
//! the standard library, `split` and `filter`, find the words; the type of
//! the chain shows how adapters nest.

use std::iter::Filter;
use std::str::Split;

// ANCHOR: sentence
struct Sentence {
    text: String,
}

impl Sentence {
    /// The words: split at every character that is not a letter or a
    /// digit, then drop the empty pieces between two separators.
    fn words(&self) -> impl Iterator<Item = &str> {
        self.text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
    }
}
// ANCHOR_END: sentence

// ANCHOR: named
/// The same chain, with its type written out: a `Filter` wrapped round a
/// `Split`, each holding the function it calls.
type WordsIter<'a> = Filter<Split<'a, fn(char) -> bool>, fn(&&'a str) -> bool>;

fn is_separator(c: char) -> bool {
    !c.is_alphanumeric()
}

fn is_word(word: &&str) -> bool {
    !word.is_empty()
}

impl<'a> IntoIterator for &'a Sentence {
    type Item = &'a str;
    type IntoIter = WordsIter<'a>;

    fn into_iter(self) -> WordsIter<'a> {
        self.text
            .split(is_separator as fn(char) -> bool)
            .filter(is_word)
    }
}
// ANCHOR_END: named

// ANCHOR: main
fn main() {
    let sentence = Sentence {
        text: "One master, 24 boards, and not a second wasted.".into(),
    };
    let words: Vec<&str> = sentence.words().collect();
    println!("{words:?}");

    let count = sentence.words().count();
    let chars = |word: &str| word.chars().count(); // not bytes: not `len`
    let longest = sentence.words().map(chars).max().unwrap_or(0);
    println!("{count} words; the longest have {longest} characters:");

    // The named type lets `for` take the sentence itself.
    for word in &sentence {
        if chars(word) == longest {
            println!("  {word}");
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Sentence {
        Sentence { text: text.into() }
    }

    #[test]
    fn same_words_as_version_one() {
        let s = sentence("One master, 24 boards, and not a second wasted.");
        let words: Vec<&str> = s.words().collect();
        assert_eq!(
            words,
            [
                "One", "master", "24", "boards", "and", "not", "a", "second",
                "wasted"
            ]
        );
    }

    #[test]
    fn the_named_chain_carries_two_function_pointers() {
        // The closures capture nothing and take no room; each function
        // pointer takes one pointer's worth.
        let s = sentence("a b");
        let pointer = size_of::<fn(char) -> bool>();
        let by_closures = size_of_val(&s.words());
        let by_pointers = size_of_val(&(&s).into_iter());
        assert_eq!(by_pointers, by_closures + 2 * pointer);
    }

    #[test]
    fn the_method_and_the_named_type_agree() {
        for text in ["", " ... ", "déjà-vu", "a,,b  c."] {
            let s = sentence(text);
            let by_method: Vec<&str> = s.words().collect();
            let by_for: Vec<&str> = (&s).into_iter().collect();
            assert_eq!(by_method, by_for, "for {text:?}");
        }
    }
}
