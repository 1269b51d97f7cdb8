//! Exercise 11-1, solved: a query word ending in `*` matches every word
//! that starts with it, so `moo*` finds MOON and MOOSE. A `BTreeMap` keeps
//! the words sorted, so the words with a prefix sit next to each other and
//! one `range` visits exactly them.

use std::collections::{BTreeMap, BTreeSet};

use charindex::{name, tokenize};

/// An inverted index whose words are sorted, for prefix queries.
pub struct PrefixIndex {
    entries: BTreeMap<String, Vec<char>>,
}

impl PrefixIndex {
    pub fn new() -> PrefixIndex {
        let mut entries: BTreeMap<String, Vec<char>> = BTreeMap::new();
        for c in char::MIN..=char::MAX {
            let Some(name) = name(c) else { continue };
            for word in tokenize(&name) {
                let list = entries.entry(word).or_default();
                if list.last() != Some(&c) {
                    list.push(c);
                }
            }
        }
        PrefixIndex { entries }
    }

    // ANCHOR: prefix
    /// The characters that have a word starting with `prefix`.
    fn starting_with(&self, prefix: &str) -> BTreeSet<char> {
        self.entries
            .range(prefix.to_string()..)
            .take_while(|(word, _)| word.starts_with(prefix))
            .flat_map(|(_, chars)| chars.iter().copied())
            .collect()
    }
    // ANCHOR_END: prefix

    /// Like `CharIndex::search`, but a word ending in `*` is a prefix.
    pub fn search(&self, query: &str) -> Vec<char> {
        let mut found: Option<BTreeSet<char>> = None;
        // `tokenize` would drop the `*`, so split on whitespace first.
        for part in query.split_whitespace() {
            let (stem, is_prefix) = match part.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (part, false),
            };
            let words: Vec<String> = tokenize(stem).collect();
            for (i, word) in words.iter().enumerate() {
                // Only the last word of `cat-fa*` is a prefix.
                let chars = if is_prefix && i + 1 == words.len() {
                    self.starting_with(word)
                } else {
                    let list = self.entries.get(word).into_iter().flatten();
                    list.copied().collect()
                };
                found = Some(match found {
                    None => chars,
                    Some(so_far) => &so_far & &chars,
                });
            }
        }
        found.unwrap_or_default().into_iter().collect()
    }
}

impl Default for PrefixIndex {
    fn default() -> Self {
        PrefixIndex::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use charindex::CharIndex;
    use std::sync::OnceLock;

    fn index() -> &'static PrefixIndex {
        static INDEX: OnceLock<PrefixIndex> = OnceLock::new();
        INDEX.get_or_init(PrefixIndex::new)
    }

    #[test]
    fn a_prefix_finds_every_word_that_starts_with_it() {
        let found = index().search("moo*");
        for c in ['🌚', '🫎'] {
            // NEW MOON WITH FACE, MOOSE
            assert!(found.contains(&c), "{c}");
        }
        assert!(found.windows(2).all(|w| w[0] < w[1]), "in code point order");
    }

    #[test]
    fn whole_words_still_work_and_agree_with_the_chapters_index() {
        let plain = CharIndex::new();
        for query in ["cat face", "chess", "arrow black", "xyzzy", ""] {
            assert_eq!(index().search(query), plain.search(query), "{query}");
        }
    }

    #[test]
    fn prefixes_and_words_combine() {
        // Words beginning with GRIN in cat faces: only the grinning one.
        assert_eq!(index().search("cat face grin*"), ['😸']);
        assert!(index().search("cat face zzz*").is_empty());
    }
}
