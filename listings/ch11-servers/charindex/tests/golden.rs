//! Golden results, written by hand from the Unicode 17.0 charts, and a
//! cross-check of the index against a plain scan of every name that shares
//! no code with the crate: neither `tokenize` nor the index. A bug in the
//! inverted index cannot hide behind answers computed by that same code.

use std::sync::OnceLock;

use charindex::CharIndex;

fn index() -> &'static CharIndex {
    static INDEX: OnceLock<CharIndex> = OnceLock::new();
    INDEX.get_or_init(CharIndex::new)
}

/// Whole answers, character by character.
const ANSWERS: &[(&str, &[char])] = &[
    (
        "cat face",
        &['🐱', '😸', '😹', '😺', '😻', '😼', '😽', '😾', '😿', '🙀'],
    ),
    ("moon face", &['🌚', '🌛', '🌜', '🌝']),
    ("FULL-moon", &['🌕', '🌝']),
    ("left-pointing magnifying", &['🔍']),
    ("white chess king", &['♔', '🨉', '🨞', '🨳']),
    ("cjk unified ideograph 4e00", &['一', '🈩']),
    // Only whitespace and hyphens split a query, as in the asyncio
    // version: "cat,face" is one word, which no name has.
    ("cat,face", &[]),
    ("xyzzy", &[]),
    ("", &[]),
    ("  -- ", &[]),
];

#[test]
fn whole_answers_written_by_hand() {
    for &(query, chars) in ANSWERS {
        assert_eq!(index().search(query), chars, "{query:?}");
    }
}

/// Bigger answers: how many characters, and the first three.
const COUNTS: &[(&str, usize, &[char])] = &[
    ("chess", 124, &['♔', '♕', '♖']),
    ("arrow black", 40, &['➡', '➥', '➦']),
    ("Black Arrow", 40, &['➡', '➥', '➦']),
    ("moon", 30, &['☽', '☾', '⚸']),
    ("latin capital letter a", 42, &['A', 'À', 'Á']),
];

#[test]
fn counts_and_first_characters() {
    for &(query, count, first) in COUNTS {
        let found = index().search(query);
        assert_eq!(found.len(), count, "how many for {query:?}");
        assert_eq!(&found[..first.len()], first, "first for {query:?}");
    }
}

#[test]
fn index_size() {
    // What unicode_names2 4.0 (Unicode 17.0) names.
    assert_eq!(index().len(), 153_626);
    assert_eq!(index().words(), 130_317);
}

/// The slow, obviously right answer, written without the crate: a name
/// matches when each query word, surrounded by spaces, is in the name with
/// its hyphens turned into spaces and a space added at each end.
fn scan(query: &str) -> Vec<char> {
    let query = query.to_uppercase().replace('-', " ");
    let words: Vec<String> = query
        .split(|c: char| {
            c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!(" {w} "))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    (char::MIN..=char::MAX)
        .filter(|&c| {
            let Some(name) = unicode_names2::name(c) else {
                return false;
            };
            let name = format!(" {} ", name.to_string().replace('-', " "));
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .collect()
}

#[test]
fn index_agrees_with_a_full_scan() {
    let queries = [
        "cat face",
        "chess",
        "arrow black",
        "hangul syllable ga",
        "Left-Pointing",
        "cat,face",
        "a",
    ];
    for query in queries {
        assert_eq!(index().search(query), scan(query), "{query:?}");
    }
}

#[test]
fn results_are_in_code_point_order() {
    for query in ["chess", "arrow", "letter a", "face"] {
        let found = index().search(query);
        assert!(found.windows(2).all(|w| w[0] < w[1]), "{query:?}");
    }
}
