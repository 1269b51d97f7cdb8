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
            // `found` is sorted too: each look-up starts where the last
            // one stopped.
            let mut ahead: &[char] = list;
            found.retain(|&c| skip_to(&mut ahead, c));
        }
        found
    }
    // ANCHOR_END: search
}

// ANCHOR: skip_to
/// Drops from the front of the sorted `list` every character before `c`,
/// and says whether `c` comes next. It gallops: it looks 1, 2, 4, 8...
/// places ahead until it passes `c`, then binary-searches that last stretch,
/// so a short skip costs a comparison or two, not a search of the whole
/// list.
fn skip_to(list: &mut &[char], c: char) -> bool {
    let mut end = 1;
    while end < list.len() && list[end - 1] < c {
        end *= 2;
    }
    let end = end.min(list.len());
    let skipped = list[..end].partition_point(|&x| x < c);
    *list = &list[skipped..];
    list.first() == Some(&c)
}
// ANCHOR_END: skip_to

impl Default for CharIndex {
    fn default() -> Self {
        CharIndex::new()
    }
}

// ANCHOR: table
/// Bytes made once for every named character, such as its result line or
/// its JSON object, and found by code point without hashing: a server
/// that answers with them copies bytes instead of formatting on every
/// query. All of them live in one buffer; `starts[c]..starts[c + 1]` is
/// the range of `c`'s bytes (empty for a character without a name).
pub struct CharTable {
    starts: Vec<u32>,
    bytes: Vec<u8>,
}
// ANCHOR_END: table

// ANCHOR: table_impl
impl CharTable {
    /// Calls `render(c, name, out)` for every named character, in code
    /// point order, to append that character's bytes to `out`.
    pub fn new(mut render: impl FnMut(char, &str, &mut Vec<u8>)) -> CharTable {
        let mut starts = Vec::with_capacity(char::MAX as usize + 2);
        let mut bytes = Vec::new();
        for code in 0..=u32::from(char::MAX) {
            starts.push(offset(&bytes));
            // `from_u32` is `None` for the surrogates, which are not chars.
            if let Some(c) = char::from_u32(code)
                && let Some(name) = name(c)
            {
                render(c, &name, &mut bytes);
            }
        }
        starts.push(offset(&bytes));
        CharTable { starts, bytes }
    }

    /// The bytes made for `c`: empty if it has no name.
    pub fn get(&self, c: char) -> &[u8] {
        let code = c as usize;
        let (start, end) = (self.starts[code], self.starts[code + 1]);
        &self.bytes[start as usize..end as usize]
    }
}
// ANCHOR_END: table_impl

/// Where the next character's bytes start. The names of Unicode 17.0
/// take a few megabytes, far below the 4 GiB a `u32` can count.
fn offset(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).expect("a table under 4 GiB")
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
    fn a_table_holds_bytes_for_named_characters_only() {
        let table = CharTable::new(|c, name, out| {
            out.extend_from_slice(format!("{c}={name};").as_bytes());
        });
        assert_eq!(table.get('A'), "A=LATIN CAPITAL LETTER A;".as_bytes());
        assert_eq!(table.get('\u{1F431}'), "\u{1F431}=CAT FACE;".as_bytes());
        assert_eq!(table.get('\n'), b"", "controls have no name");
        assert_eq!(table.get(char::MAX), b"", "nor has the last code point");
        let last = char::from_u32(0xE01EF).unwrap(); // the last named one
        assert_eq!(
            table.get(last),
            "\u{E01EF}=VARIATION SELECTOR-256;".as_bytes()
        );
    }

    #[test]
    fn skip_to_finds_each_character_of_a_sorted_run() {
        let list: Vec<char> = "bdfhjlnprtvxz".chars().collect();
        let mut ahead: &[char] = &list;
        let asked = "abcdjklyz";
        let found: String =
            asked.chars().filter(|&c| skip_to(&mut ahead, c)).collect();
        assert_eq!(found, "bdjlz");
        assert_eq!(ahead, ['z']);
        assert!(!skip_to(&mut ahead, '~'), "past the end");
        assert!(ahead.is_empty());
        assert!(!skip_to(&mut ahead, '~'), "an empty list has nothing");
    }

    #[test]
    fn names_come_from_unicode() {
        assert_eq!(name('A').as_deref(), Some("LATIN CAPITAL LETTER A"));
        assert_eq!(name('\u{1F431}').as_deref(), Some("CAT FACE"));
        assert_eq!(name('\n'), None, "controls have no name");
    }
}
