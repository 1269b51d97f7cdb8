//! Reading a chapter: its fenced code blocks and its `{{#include}}` and
//! `{{#rustdoc_include}}` links, the way mdBook reads them.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// mdBook's link syntax: `{{#type target}}`, whitespace allowed inside.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{\s*#([A-Za-z0-9_]+)\s+([^}]+)\}\}").expect("valid regex")
});

/// Which of the two include links a chapter used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeKind {
    /// `{{#include ...}}`: only the selected lines reach the page.
    Include,
    /// `{{#rustdoc_include ...}}`: the whole file, the rest hidden, so the
    /// Playground gets a complete program.
    RustdocInclude,
}

/// The part of a file an include selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Whole,
    Anchor(String),
    /// 1-based, inclusive line numbers as written; `None` is an open end.
    Lines {
        from: Option<usize>,
        to: Option<usize>,
    },
}

/// One include link in a chapter.
#[derive(Debug, Clone)]
pub struct Include {
    /// Line in the chapter, 1-based.
    pub line: usize,
    pub kind: IncludeKind,
    /// The path as written in the chapter.
    pub written: String,
    /// The path relative to the repository root, `..` resolved.
    pub target: PathBuf,
    pub selection: Selection,
    /// Index of the fence the link sits in, if any.
    pub fence: Option<usize>,
}

/// One fenced code block.
#[derive(Debug, Clone)]
pub struct Fence {
    /// Line of the opening fence, 1-based.
    pub line: usize,
    /// The info string (`rust,ignore`), trimmed.
    pub info: String,
    /// Indexes into the chapter's includes of the links in the body.
    pub includes: Vec<usize>,
    /// False when the file ends inside the block.
    pub closed: bool,
    /// Line of the closing fence (of the last line, if never closed).
    pub end: usize,
}

impl Fence {
    /// The info string's words: `rust,ignore mdbook-runnable` gives
    /// `["rust", "ignore", "mdbook-runnable"]`.
    pub fn words(&self) -> Vec<&str> {
        self.info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect()
    }
}

/// A chapter (any `.md` file under `src/`), as far as the checks need it.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Relative to the repository root.
    pub path: PathBuf,
    pub includes: Vec<Include>,
    pub fences: Vec<Fence>,
    /// The whole text.
    pub text: String,
}

/// Reads the fences and include links of the chapter at `path` (relative to
/// the repository root).
pub fn scan(path: &Path, text: &str) -> Chapter {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut chapter = Chapter {
        path: path.to_path_buf(),
        includes: Vec::new(),
        fences: Vec::new(),
        text: text.to_string(),
    };
    // The open fence: its character, its length, its index.
    let mut open: Option<(u8, usize, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        // Fences may be indented (in a list) or quoted (`> ```rust`).
        let trimmed = line.trim_start_matches([' ', '\t', '>']);
        if let Some((ch, len, fence)) = open {
            chapter.fences[fence].end = number;
            if closes(trimmed, ch, len) {
                chapter.fences[fence].closed = true;
                open = None;
                continue;
            }
            // Inside a block mdBook expands every link, backticks or not.
            for include in links(line, dir, number, &[], Some(fence)) {
                chapter.fences[fence].includes.push(chapter.includes.len());
                chapter.includes.push(include);
            }
            continue;
        }
        if let Some((ch, len, info)) = opens(trimmed) {
            open = Some((ch, len, chapter.fences.len()));
            chapter.fences.push(Fence {
                line: number,
                info: info.to_string(),
                includes: Vec::new(),
                closed: false,
                end: number,
            });
            continue;
        }
        let spans = code_spans(line);
        chapter
            .includes
            .extend(links(line, dir, number, &spans, None));
    }
    chapter
}

/// An opening fence: three or more backticks or tildes, then the info
/// string (which, after backticks, may not contain a backtick).
fn opens(trimmed: &str) -> Option<(u8, usize, &str)> {
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = trimmed[len..].trim();
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some((ch, len, info))
}

/// A closing fence: at least as long as the opening one, nothing after it.
fn closes(trimmed: &str, ch: u8, len: usize) -> bool {
    let run = trimmed.bytes().take_while(|&b| b == ch).count();
    run >= len && trimmed[run..].trim().is_empty()
}

/// The byte ranges of the inline code spans on one line: a run of N
/// backticks up to the next run of exactly N.
pub(crate) fn code_spans(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' || (i > 0 && bytes[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        let len = i - start;
        let mut j = i;
        while j < bytes.len() {
            if bytes[j] != b'`' {
                j += 1;
                continue;
            }
            let run = j;
            while j < bytes.len() && bytes[j] == b'`' {
                j += 1;
            }
            if j - run == len {
                spans.push(start..j);
                i = j;
                break;
            }
        }
    }
    spans
}

/// The include links on one line, skipping escaped ones (`\{{#include}}`)
/// and those inside the given code spans.
fn links(
    line: &str,
    dir: &Path,
    number: usize,
    spans: &[Range<usize>],
    fence: Option<usize>,
) -> Vec<Include> {
    let mut found = Vec::new();
    for caps in LINK.captures_iter(line) {
        let start = caps.get(0).expect("group 0").start();
        if line[..start].ends_with('\\')
            || spans.iter().any(|s| s.contains(&start))
        {
            continue;
        }
        let kind = match &caps[1] {
            "include" => IncludeKind::Include,
            "rustdoc_include" => IncludeKind::RustdocInclude,
            _ => continue,
        };
        let Some(arg) = caps[2].split_whitespace().next() else {
            continue;
        };
        let (written, selection) = match arg.split_once(':') {
            None => (arg, Selection::Whole),
            Some((path, rest)) => (path, selection(rest)),
        };
        found.push(Include {
            line: number,
            kind,
            written: written.to_string(),
            target: normalize(&dir.join(written)),
            selection,
            fence,
        });
    }
    found
}

/// What follows the first `:` of an include path, read as mdBook reads it:
/// `name` is an anchor, `N` one line, `N:M`, `N:` and `:M` ranges.
fn selection(rest: &str) -> Selection {
    let mut parts = rest.splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let from = match first.parse::<usize>() {
        Ok(n) => Some(n),
        Err(_) if first.is_empty() => None,
        Err(_) => return Selection::Anchor(first.to_string()),
    };
    match (from, parts.next()) {
        (Some(from), Some(to)) => Selection::Lines {
            from: Some(from),
            to: to.parse().ok(),
        },
        (Some(from), None) => Selection::Lines {
            from: Some(from),
            to: Some(from),
        },
        (None, Some(to)) => match to.parse() {
            Ok(to) => Selection::Lines {
                from: None,
                to: Some(to),
            },
            Err(_) => Selection::Whole,
        },
        (None, None) => Selection::Whole,
    }
}

/// Resolves `.` and `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_selections_like_mdbook() {
        assert_eq!(selection("main"), Selection::Anchor("main".into()));
        let lines = |from, to| Selection::Lines { from, to };
        assert_eq!(selection("3"), lines(Some(3), Some(3)));
        assert_eq!(selection("3:7"), lines(Some(3), Some(7)));
        assert_eq!(selection("3:"), lines(Some(3), None));
        assert_eq!(selection(":7"), lines(None, Some(7)));
        assert_eq!(selection(""), Selection::Whole);
    }

    #[test]
    fn finds_spans_and_skips_escaped_links() {
        let text = "See `{{#include a.rs}}` and \\{{#include b.rs}} but {{#include c.rs:x}}.\n\
                    ````markdown\n```rust\n{{#rustdoc_include ../d.rs}}\n```\n````\n";
        let chapter = scan(Path::new("src/ch.md"), text);
        let targets: Vec<_> =
            chapter.includes.iter().map(|i| &i.target).collect();
        assert_eq!(targets, [Path::new("src/c.rs"), Path::new("d.rs")]);
        assert_eq!(
            chapter.fences.len(),
            1,
            "the inner ``` is part of the body"
        );
        assert_eq!(chapter.fences[0].info, "markdown");
        assert_eq!(chapter.fences[0].includes, [1]);
        assert!(chapter.fences[0].closed);
    }

    #[test]
    fn reads_indented_and_quoted_fences() {
        let text = "1. Run:\n\n   ```console\n   $ ls\n   ```\n\n> ```rust\n> let x = 1;\n> ```\n";
        let chapter = scan(Path::new("src/ch.md"), text);
        let infos: Vec<_> = chapter
            .fences
            .iter()
            .map(|f| (f.line, f.info.as_str(), f.closed))
            .collect();
        assert_eq!(infos, [(3, "console", true), (7, "rust", true)]);
    }

    #[test]
    fn normalizes_parent_components() {
        assert_eq!(
            normalize(Path::new("src/../listings/./a/b.rs")),
            Path::new("listings/a/b.rs")
        );
        assert_eq!(normalize(Path::new("../x")), Path::new("../x"));
    }
}
