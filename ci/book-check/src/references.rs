//! What the prose says: references to other chapters, by number or by
//! link, must point to written chapters, and captions must not repeat
//! themselves.
//!
//! A chapter is written when its `SUMMARY.md` entry has a link;
//! `- [Title]()` is a draft. mdBook numbers the top-level list items of
//! `SUMMARY.md` from 1, across parts; entries outside the list (the
//! introduction, the appendices) have no number.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::Problem;
use crate::markdown::{code_spans, normalize};

/// Written right after a chapter number that belongs to another book
/// ("Fluent Python's chapter 21 <!-- book-check: another book -->"), it
/// lets the number stand.
pub const ANOTHER_BOOK: &str = "<!-- book-check: another book -->";

/// One entry of `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its number, for a top-level list item.
    pub number: Option<usize>,
    pub title: String,
    /// The page relative to the root (`src/ch01-iterators.md`); `None` for a
    /// draft.
    pub page: Option<PathBuf>,
}

/// The table of contents, as far as references need it.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub entries: Vec<Entry>,
}

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)[-*]\s+\[(.*)\]\(\s*([^)]*?)\s*\)\s*$")
        .expect("valid regex")
});
static PLAIN_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[(.*)\]\(\s*([^)]*?)\s*\)\s*$").expect("valid regex")
});

impl Summary {
    /// Reads `SUMMARY.md` (its text; `src` is its folder, relative to the
    /// root).
    pub fn parse(text: &str, src: &Path) -> Summary {
        let mut entries = Vec::new();
        let mut number = 0;
        for line in text.lines() {
            let page = |link: &str| {
                (!link.is_empty()).then(|| normalize(&src.join(link)))
            };
            if let Some(caps) = LIST_ITEM.captures(line) {
                let top = caps[1].is_empty();
                if top {
                    number += 1;
                }
                entries.push(Entry {
                    number: top.then_some(number),
                    title: caps[2].to_string(),
                    page: page(&caps[3]),
                });
            } else if let Some(caps) = PLAIN_ENTRY.captures(line) {
                entries.push(Entry {
                    number: None,
                    title: caps[1].to_string(),
                    page: page(&caps[2]),
                });
            }
        }
        Summary { entries }
    }

    /// The top-level chapter with this number.
    pub fn chapter(&self, number: usize) -> Option<&Entry> {
        self.entries.iter().find(|e| e.number == Some(number))
    }

    /// The pages with a link, relative to the root.
    pub fn written_pages(&self) -> BTreeSet<&Path> {
        self.entries
            .iter()
            .filter_map(|e| e.page.as_deref())
            .collect()
    }
}

/// "chapter 9", "Chapters 9 and 10", "chapters 6, 7 and 9", "chapters 12
/// to 15", "chapters 12-15": the word, then numbers joined by commas,
/// `and`, `or`, or a range (`to`, `through`, a hyphen or a dash).
static CHAPTER_NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bchapters?\s+\d+(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+to\s+|\s+through\s+|\s*[-–—]\s*)\d+)*\b",
    )
    .expect("valid regex")
});
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));
static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s+to\s+|\s+through\s+|\s*[-–—]\s*)$")
        .expect("valid regex")
});

/// The chapter numbers a reference names, ranges expanded.
pub fn numbers_in(reference: &str) -> Vec<usize> {
    let mut numbers = Vec::new();
    let mut previous: Option<(usize, usize)> = None; // (number, end offset)
    for m in NUMBER.find_iter(reference) {
        let Ok(n) = m.as_str().parse::<usize>() else {
            continue;
        };
        match previous {
            Some((from, end))
                if RANGE_JOIN.is_match(&reference[end..m.start()]) =>
            {
                numbers.extend(from + 1..=n);
            }
            _ => numbers.push(n),
        }
        previous = Some((n, m.end()));
    }
    numbers
}

/// A Markdown link's target, a reference definition's, or an `href`.
static LINK_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)\]\(\s*<?(?P<inline>[^)\s>]*)>?(?:\s+"[^"]*")?\s*\)|^\s{0,3}\[[^\]]+\]:\s*<?(?P<definition>\S+?)>?(?:\s|$)|\bhref\s*=\s*["'](?P<href>[^"']*)["']"#,
    )
    .expect("valid regex")
});

/// Pages mdBook writes that have no entry in `SUMMARY.md`.
const GENERATED_PAGES: &[&str] =
    &["index.html", "print.html", "toc.html", "404.html"];

/// "runs locally, offline; locally: `cargo run ...`" says "locally" twice.
static LOCALLY_TWICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\blocally\b[^;()\n]*;\s*locally\s*:").expect("valid regex")
});

/// `text` with what a reader does not see as prose blanked out (fenced code
/// blocks, inline code spans, HTML comments), every newline kept, so that
/// offsets and line numbers still match the original.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t', '>']);
        let run = |ch: char| trimmed.chars().take_while(|&c| c == ch).count();
        match fence {
            Some((ch, len)) => {
                if run(ch) >= len && trimmed[run(ch)..].trim().is_empty() {
                    fence = None;
                }
                blank(line, &mut out);
            }
            None => {
                let opened = ['`', '~']
                    .into_iter()
                    .map(|ch| (ch, run(ch)))
                    .find(|&(ch, len)| {
                        len >= 3 && !(ch == '`' && trimmed[len..].contains('`'))
                    });
                if let Some(open) = opened {
                    fence = Some(open);
                    blank(line, &mut out);
                } else {
                    let spans = code_spans(line);
                    let mut last = 0;
                    for span in spans {
                        out.push_str(&line[last..span.start]);
                        blank(&line[span.clone()], &mut out);
                        last = span.end;
                    }
                    out.push_str(&line[last..]);
                }
            }
        }
    }
    // HTML comments may span lines.
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(start) = rest.find("<!--") {
        result.push_str(&rest[..start]);
        let end = rest[start..]
            .find("-->")
            .map_or(rest.len(), |e| start + e + 3);
        blank(&rest[start..end], &mut result);
        rest = &rest[end..];
    }
    result.push_str(rest);
    result
}

/// Pushes `text` with every character but a newline turned into spaces, as
/// many bytes as it had.
fn blank(text: &str, out: &mut String) {
    for c in text.chars() {
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The problems in one page's prose (`path` relative to the root; a page
/// outside `src/`, such as the README, has its book links under `src/`).
pub fn check_page(path: &Path, text: &str, summary: &Summary) -> Vec<Problem> {
    let mut problems = Vec::new();
    let visible = prose(text);
    let last = summary
        .entries
        .iter()
        .filter_map(|e| e.number)
        .max()
        .unwrap_or(0);

    for m in CHAPTER_NUMBERS.find_iter(&visible) {
        if text[m.end()..].trim_start().starts_with(ANOTHER_BOOK) {
            continue;
        }
        let numbers = numbers_in(m.as_str());
        let line = line_of(text, m.start());
        let missing: Vec<usize> = numbers
            .iter()
            .copied()
            .filter(|&n| n == 0 || n > last)
            .collect();
        let drafts: Vec<&Entry> = numbers
            .iter()
            .filter_map(|&n| summary.chapter(n))
            .filter(|e| e.page.is_none())
            .collect();
        let quoted =
            m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        if !missing.is_empty() {
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "\"{quoted}\": the book has no chapter {} (SUMMARY.md numbers 1 to {last}); if this is another book's chapter, write {ANOTHER_BOOK} right after the number",
                    join(&missing.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                ),
            ));
        }
        if !drafts.is_empty() {
            let names: Vec<String> = drafts
                .iter()
                .map(|e| format!("{} ({})", e.number.unwrap_or(0), e.title))
                .collect();
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "\"{quoted}\" refers to {}: refer only to written chapters; if this is another book's chapter, write {ANOTHER_BOOK} right after the number",
                    if names.len() == 1 {
                        format!("chapter {}, a draft (its SUMMARY.md entry has no link)", names[0])
                    } else {
                        format!("chapters {}, drafts (their SUMMARY.md entries have no link)", join(&names))
                    }
                ),
            ));
        }
    }

    let written = summary.written_pages();
    let dir = path.parent().unwrap_or(Path::new(""));
    for caps in LINK_TARGET.captures_iter(&visible) {
        let target = ["inline", "definition", "href"]
            .iter()
            .find_map(|g| caps.name(g))
            .expect("one group matches");
        if let Some(page) = book_page(dir, target.as_str())
            && !written.contains(page.as_path())
        {
            problems.push(Problem::new(
                path,
                line_of(text, target.start()),
                format!(
                    "links to `{}`, which is not a written chapter (SUMMARY.md gives it no link)",
                    target.as_str()
                ),
            ));
        }
    }

    for m in LOCALLY_TWICE.find_iter(&visible) {
        problems.push(Problem::new(
            path,
            line_of(text, m.start()),
            "the caption says \"locally\" twice: write \"runs locally, offline: `cargo run -p ...`\"",
        ));
    }
    problems
}

/// The chapter source (`src/NAME.md`, relative to the root) a link from a
/// page in `dir` points to, when it points to a page of the book: a
/// relative `.md` or `.html` target, without its `#fragment`, that is not
/// one of the pages mdBook generates.
fn book_page(dir: &Path, target: &str) -> Option<PathBuf> {
    if target.is_empty() || target.starts_with('#') || target.contains(':') {
        return None;
    }
    let target = target.split(['#', '?']).next().unwrap_or("");
    let page = normalize(&dir.join(target));
    let html = page.extension().is_some_and(|e| e == "html");
    if !(html || page.extension().is_some_and(|e| e == "md")) {
        return None;
    }
    if html && GENERATED_PAGES.iter().any(|g| page.ends_with(g)) {
        return None;
    }
    Some(page.with_extension("md"))
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_ranges() {
        assert_eq!(numbers_in("chapter 9"), [9]);
        assert_eq!(numbers_in("Chapters 9 and 10"), [9, 10]);
        assert_eq!(numbers_in("chapters 6, 7, and 9"), [6, 7, 9]);
        assert_eq!(numbers_in("chapters 12 to 15"), [12, 13, 14, 15]);
        assert_eq!(numbers_in("chapters 12–14"), [12, 13, 14]);
    }

    #[test]
    fn numbers_the_top_level_entries() {
        let summary = Summary::parse(
            "# Summary\n\n[Intro](intro.md)\n\n# Part\n\n- [One](one.md)\n  - [Sub](sub.md)\n- [Two]()\n\n---\n\n[Appendix](app.md)\n",
            Path::new("src"),
        );
        let numbered: Vec<_> = summary
            .entries
            .iter()
            .map(|e| (e.number, e.title.as_str(), e.page.clone()))
            .collect();
        let page = |p: &str| Some(PathBuf::from(p));
        assert_eq!(
            numbered,
            [
                (None, "Intro", page("src/intro.md")),
                (Some(1), "One", page("src/one.md")),
                (None, "Sub", page("src/sub.md")),
                (Some(2), "Two", None),
                (None, "Appendix", page("src/app.md")),
            ]
        );
    }

    #[test]
    fn prose_hides_code_and_comments_but_keeps_offsets() {
        let text = "a `chapter 9` b\n```text\nchapter 9\n```\nc <!-- chapter\n9 --> d\n";
        let visible = prose(text);
        assert_eq!(visible.len(), text.len());
        assert!(!visible.contains("chapter"), "{visible:?}");
        assert_eq!(visible.lines().count(), text.lines().count());
    }
}
