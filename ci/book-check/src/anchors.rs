//! Anchor markers in included files, and the lines an include shows, both
//! read exactly as mdBook 0.5 reads them.
//!
//! mdBook finds `ANCHOR: name` and `ANCHOR_END: name` anywhere on a line,
//! string literals included, and `{{#rustdoc_include file:name}}` shows
//! every stretch between an `ANCHOR: name` and the next `ANCHOR_END: name`
//! (plain `{{#include}}` stops at the first end). So a marker spelled in a
//! string, or an anchor opened a second time, silently changes what a
//! listing shows.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::Problem;
use crate::markdown::{IncludeKind, Selection};

/// mdBook's own patterns (`take_lines.rs`).
static ANCHOR_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ANCHOR:\s*(?P<name>[\w_-]+)").expect("valid regex")
});
static ANCHOR_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ANCHOR_END:\s*(?P<name>[\w_-]+)").expect("valid regex")
});

/// The name of the anchor a line opens, as mdBook reads it.
pub fn opens(line: &str) -> Option<&str> {
    ANCHOR_START
        .captures(line)
        .map(|c| c.name("name").expect("group").as_str())
}

/// The name of the anchor a line closes, as mdBook reads it.
pub fn closes(line: &str) -> Option<&str> {
    ANCHOR_END
        .captures(line)
        .map(|c| c.name("name").expect("group").as_str())
}

/// The problems with the anchor markers of one included file (`path`
/// relative to the root): an anchor opened twice, a marker that closes an
/// anchor that is not open, and, in a Rust file, a marker inside a string
/// literal.
pub fn check_markers(path: &Path, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let strings = if path.extension().is_some_and(|e| e == "rs") {
        rust_string_literals(text)
    } else {
        Vec::new()
    };
    // Where each anchor was first opened, and whether it is open now.
    let mut anchors = BTreeMap::<&str, (usize, bool)>::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        for re in [&*ANCHOR_START, &*ANCHOR_END] {
            for m in re.find_iter(line) {
                let at = offset + m.start();
                if strings.iter().any(|s| s.contains(&at)) {
                    problems.push(Problem::new(
                        path,
                        number,
                        format!(
                            "`{}` sits inside a string literal, but mdBook reads it as an anchor marker wherever it is on a line: build the text another way, e.g. concat!(\"ANCHOR\", \": name\")",
                            m.as_str()
                        ),
                    ));
                }
            }
        }
        // mdBook tests for an end before a start on each line.
        if let Some(name) = closes(line) {
            match anchors.get_mut(name) {
                Some((_, open @ true)) => *open = false,
                _ => problems.push(Problem::new(
                    path,
                    number,
                    format!("`ANCHOR_END: {name}` closes an anchor that is not open here"),
                )),
            }
        } else if let Some(name) = opens(line) {
            match anchors.get(name) {
                Some(&(first, _)) => problems.push(Problem::new(
                    path,
                    number,
                    format!(
                        "anchor `{name}` opens a second time (first at line {first}): rustdoc_include would show both parts and include only the first; give each part its own name"
                    ),
                )),
                None => {
                    anchors.insert(name, (number, true));
                }
            }
        }
        offset += line.len();
    }
    problems
}

/// The byte ranges of the string literals (`"..."`, `b"..."`, `r#"..."#`
/// and the like) in Rust source, comments and character literals skipped.
/// A lexer just good enough for well-formed code: it does not need to know
/// more of Rust than where strings start and end.
pub fn rust_string_literals(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // The `r` at `i` begins a token: `r"`, or the `r` of `br"` or `cr"`.
    let starts_token = |i: usize| match i {
        0 => true,
        _ if !is_ident(bytes[i - 1]) => true,
        _ => {
            matches!(bytes[i - 1], b'b' | b'c')
                && (i == 1 || !is_ident(bytes[i - 2]))
        }
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rest = &bytes[i..];
        if rest.starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if bytes[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b == b'r'
            && starts_token(i)
            && raw_hashes(&bytes[i + 1..]).is_some()
        {
            let hashes = raw_hashes(&bytes[i + 1..]).expect("checked");
            let start = i;
            i += 1 + hashes + 1;
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            while i < bytes.len() && !bytes[i..].starts_with(&close) {
                i += 1;
            }
            i = (i + close.len()).min(bytes.len());
            found.push(start..i);
        } else if b == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            found.push(start..i);
        } else if b == b'\'' {
            // A character literal ('x', '\n', '"'), or a lifetime or label.
            if rest.get(1) == Some(&b'\\') {
                i += 2;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            } else if let Some(c) = text[i + 1..].chars().next()
                && text[i + 1 + c.len_utf8()..].starts_with('\'')
            {
                i += 1 + c.len_utf8() + 1;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

/// After the `r` of a raw string: the number of `#` before its `"`.
fn raw_hashes(after_r: &[u8]) -> Option<usize> {
    let hashes = after_r.iter().take_while(|&&b| b == b'#').count();
    (after_r.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// The lines an include puts on the page, as mdBook 0.5 expands it, with
/// the lines a `rust` block hides (`# ` and a lone `#`) left out when
/// `hides_lines` is set. For `rustdoc_include`, the lines outside the
/// selection are hidden, so they are not counted.
pub fn shown_lines<'a>(
    kind: IncludeKind,
    selection: &Selection,
    text: &'a str,
    hides_lines: bool,
) -> Vec<&'a str> {
    let lines: Vec<&str> = text.lines().collect();
    let selected: Vec<&str> = match selection {
        Selection::Whole => lines,
        Selection::Lines { from, to } => {
            let from = from.unwrap_or(1).max(1) - 1;
            let to = to.unwrap_or(lines.len()).min(lines.len());
            lines.get(from..to).unwrap_or_default().to_vec()
        }
        Selection::Anchor(name) => {
            let mut shown = Vec::new();
            let mut inside = false;
            for line in lines {
                if inside {
                    match closes(line) {
                        Some(end) if end == name => {
                            inside = false;
                            // Plain include stops at the first end.
                            if kind == IncludeKind::Include {
                                break;
                            }
                        }
                        Some(_) => {}
                        None if opens(line).is_none() => shown.push(line),
                        None => {}
                    }
                } else if opens(line) == Some(name.as_str()) {
                    inside = true;
                }
            }
            shown
        }
    };
    if !hides_lines {
        return selected;
    }
    selected
        .into_iter()
        .filter(|l| !is_hidden_rust(l))
        .collect()
}

/// A line mdBook hides in a `rust` block: `#` alone or followed by a space,
/// after any indentation (`##` shows a `#`, `#[` is an attribute).
fn is_hidden_rust(line: &str) -> bool {
    let rest = line.trim_start();
    rest == "#" || rest.starts_with("# ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(text: &str) -> Vec<&str> {
        rust_string_literals(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn finds_string_literals_and_skips_comments_and_chars() {
        let text = r####"let a = "x\"y"; // "not a string"
/* "nor /* this */ one" */ let c = '"'; let e = '\''; fn f<'a>(s: &'a str) {}
let r = r#"raw "quoted""#; let b = b"bytes"; let br = br"raw bytes";
let m = "two
lines";"####;
        assert_eq!(
            literals(text),
            [
                r#""x\"y""#,
                r###"r#"raw "quoted""#"###,
                r#""bytes""#,
                r#"r"raw bytes""#,
                "\"two\nlines\""
            ]
        );
    }

    #[test]
    fn an_identifier_ending_in_r_does_not_start_a_raw_string() {
        assert_eq!(literals(r#"let var = "v";"#), [r#""v""#]);
        assert_eq!(literals(r#"write!(for_r"x")"#), [r#""x""#]);
    }

    #[test]
    fn rustdoc_include_shows_every_stretch_of_an_anchor() {
        let text = "a\n// ANCHOR: x\nb\n# hidden\n// ANCHOR: y\nc\n// ANCHOR_END: x\nd\n// ANCHOR: x\ne\n// ANCHOR_END: x\n";
        let x = Selection::Anchor("x".into());
        assert_eq!(
            shown_lines(IncludeKind::RustdocInclude, &x, text, true),
            ["b", "c", "e"]
        );
        assert_eq!(
            shown_lines(IncludeKind::Include, &x, text, false),
            ["b", "# hidden", "c"]
        );
        let range = Selection::Lines {
            from: Some(2),
            to: Some(3),
        };
        assert_eq!(
            shown_lines(IncludeKind::Include, &range, text, false),
            ["// ANCHOR: x", "b"]
        );
    }
}
