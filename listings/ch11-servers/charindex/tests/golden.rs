//! Golden results: a few queries whose answers were read from the Unicode
//! 17.0 charts, and a cross-check of the index against a plain scan of every
//! name, so a bug in the inverted index cannot hide behind a golden file.

use std::sync::OnceLock;

use charindex::{CharIndex, name, tokenize};

fn index() -> &'static CharIndex {
    static INDEX: OnceLock<CharIndex> = OnceLock::new();
    INDEX.get_or_init(CharIndex::new)
}

/// What the index must answer: the query, how many characters, the first
/// three of them.
const GOLDEN: &[(&str, usize, &[char])] = &[
    ("cat face", 10, &['🐱', '😸', '😹']),
    ("chess", 124, &['♔', '♕', '♖']),
    ("arrow black", 40, &['➡', '➥', '➦']),
    ("Black Arrow", 40, &['➡', '➥', '➦']),
    ("moon", 30, &['☽', '☾', '⚸']),
    ("latin capital letter a", 42, &['A', 'À', 'Á']),
    ("cjk unified ideograph 4e00", 2, &['一', '🈩']),
    ("xyzzy", 0, &[]),
    ("", 0, &[]),
    ("  -- ", 0, &[]),
];

#[test]
fn golden_queries() {
    for &(query, count, first) in GOLDEN {
        let found = index().search(query);
        assert_eq!(found.len(), count, "how many for {query:?}");
        assert_eq!(&found[..first.len()], first, "first for {query:?}");
    }
}

#[test]
fn index_covers_every_named_character() {
    let named = (char::MIN..=char::MAX)
        .filter(|&c| name(c).is_some())
        .count();
    assert_eq!(index().len(), named);
    // Unicode 17.0 names 153,626 characters that unicode_names2 knows.
    assert_eq!(index().len(), 153_626);
}

#[test]
fn results_are_in_code_point_order() {
    for query in ["chess", "arrow", "letter a", "face"] {
        let found = index().search(query);
        assert!(found.windows(2).all(|w| w[0] < w[1]), "{query:?}");
    }
}

/// The slow, obviously right answer: scan every name.
fn scan(query: &str) -> Vec<char> {
    let words: Vec<String> = tokenize(query).collect();
    if words.is_empty() {
        return Vec::new();
    }
    (char::MIN..=char::MAX)
        .filter(|&c| {
            let Some(name) = name(c) else { return false };
            let in_name: Vec<String> = tokenize(&name).collect();
            words.iter().all(|w| in_name.contains(w))
        })
        .collect()
}

#[test]
fn index_agrees_with_a_full_scan() {
    for query in ["cat face", "chess", "arrow black", "hangul syllable ga"] {
        assert_eq!(index().search(query), scan(query), "{query:?}");
    }
}
