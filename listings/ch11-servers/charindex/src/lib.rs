//! The character index: find Unicode characters by the words of their names.
//!
//! Every named character is read once, at start-up, from the tables of the
//! `unicode_names2` crate (Unicode 17.0). Each word of each name points to
//! the characters whose names contain it, an *inverted index*, like the one
//! at the back of a book. A query is answered by intersecting the lists of
//! its words, so it never looks at a name that cannot match.

use std::collections::HashMap;

// ANCHOR: tokenize
/// Splits `text` into uppercase words at whitespace and hyphens, exactly as
/// the asyncio version does (it turns hyphens into spaces, then splits at
/// whitespace), so both servers answer a query alike: "left-pointing" is
/// `LEFT` and `POINTING`, while "cat,face" is the one word `CAT,FACE`.
pub fn tokenize(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c == '-' || is_python_space(c))
        .filter(|word| !word.is_empty())
        .map(str::to_uppercase)
}

/// Whitespace as Python's `str.split()` sees it: Rust's `is_whitespace`,
/// plus the four separators U+001C to U+001F, which Python also counts.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}
// ANCHOR_END: tokenize

/// The name of `c` in the Unicode standard, or `None` for the characters
/// that have none (controls, private use, unassigned code points).
pub fn name(c: char) -> Option<String> {
    unicode_names2::name(c).map(|name| name.to_string())
}

// ANCHOR: index
/// An inverted index over the names of every named Unicode character.
pub struct CharIndex {
    /// Each word to the characters whose names contain it. Characters are
    /// added in code point order, so every list is sorted: searching relies
    /// on that to look characters up by binary search.
    entries: HashMap<String, Vec<char>>,
    /// How many characters have a name (and so are in the index).
    chars: usize,
}
// ANCHOR_END: index

// ANCHOR: build
impl CharIndex {
    /// Builds the index from every code point that has a name.
    pub fn new() -> CharIndex {
        let mut entries: HashMap<String, Vec<char>> = HashMap::new();
        let mut chars = 0;
        // `char::MIN..=char::MAX` skips the surrogates, which are not chars.
        for c in char::MIN..=char::MAX {
            let Some(name) = name(c) else { continue };
            chars += 1;
            for word in tokenize(&name) {
                let list = entries.entry(word).or_default();
                // A word twice in one name ("BLACK ... BLACK") counts once.
                if list.last() != Some(&c) {
                    list.push(c);
                }
            }
        }
        CharIndex { entries, chars }
    }
    // ANCHOR_END: build

    /// How many characters the index covers.
    pub fn len(&self) -> usize {
        self.chars
    }

    /// Whether the index is empty (it never is once built).
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// How many distinct words the names use.
    pub fn words(&self) -> usize {
        self.entries.len()
    }

    // ANCHOR: search
    /// The characters whose names contain every word of `query`, in code
    /// point order. A query without words finds nothing.
    pub fn search(&self, query: &str) -> Vec<char> {
        let mut lists = Vec::new();
        for word in tokenize(query) {
            match self.entries.get(&word) {
                Some(list) => lists.push(list.as_slice()),
                None => return Vec::new(), // a word no name has
            }
        }
        // Start from the shortest list: the result is never longer.
        lists.sort_by_key(|list| list.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let mut found = first.to_vec();
        for list in rest {
            found.retain(|c| list.binary_search(c).is_ok());
        }
        found
    }
    // ANCHOR_END: search
}

impl Default for CharIndex {
    fn default() -> Self {
        CharIndex::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenize_splits_at_whitespace_and_hyphens_only() {
        let words: Vec<_> = tokenize("black left-pointing, Triangle").collect();
        assert_eq!(words, ["BLACK", "LEFT", "POINTING,", "TRIANGLE"]);
        assert_eq!(tokenize("  -- ").count(), 0);
        // Python's split() also cuts at U+001C..U+001F and U+3000.
        let words: Vec<_> = tokenize("cat\u{1F}face\u{3000}x").collect();
        assert_eq!(words, ["CAT", "FACE", "X"]);
        assert_eq!(tokenize("cat,face").collect::<Vec<_>>(), ["CAT,FACE"]);
    }

    #[test]
    fn names_come_from_unicode() {
        assert_eq!(name('A').as_deref(), Some("LATIN CAPITAL LETTER A"));
        assert_eq!(name('\u{1F431}').as_deref(), Some("CAT FACE"));
        assert_eq!(name('\n'), None, "controls have no name");
    }
}
