//! The book checker: holds the chapters in `src/` and the listing crates in
//! `listings/` to the conventions of the README's "How to add a listing".
//!
//! [`check`] loads the book and reports every problem it finds, each naming
//! a file and a line:
//!
//! 1. **Listings.** Every crate folder (`listings/chNN-*/NAME/` and
//!    `listings/chNN-*/compile-fail/NAME/`) is included by some chapter, has
//!    a non-empty `description`, and, when named `listing-NN-MM` or
//!    `exercise-NN-K`, has that package name and its chapter's NN. Every
//!    `output*.txt` in a crate folder is shown by some chapter.
//! 2. **Includes.** Every `{{#include}}` and `{{#rustdoc_include}}` in
//!    `src/**/*.md` (not escaped with `\`, not in an inline code span) names
//!    a file that exists, an anchor with both `ANCHOR:` and `ANCHOR_END:`,
//!    or a line range inside the file.
//! 3. **Rust blocks.** No fence is unlabeled. A `rust` block that includes a
//!    file carries `ignore` (`cargo test` tests the crate); if it carries
//!    `mdbook-runnable` it uses `rustdoc_include` and its crate depends only
//!    on crates the Rust Playground has ([`PLAYGROUND_CRATES`]); a block
//!    from `compile-fail/` carries `does_not_compile`. An inline `rust`
//!    block does not carry `ignore`, so `mdbook test` runs it.
//! 4. **Outputs.** Every included file whose first line starts with `$ ` is
//!    a shown output. `$ cargo run -p PKG [--bin BIN] [--release] [-- ARGS]`
//!    is run (binaries built once with `cargo build`, then run in parallel
//!    from the repository root with stdin closed, `NO_COLOR=1`, `TERM=dumb`
//!    and a timeout) and the rest of the file must equal its standard output
//!    followed by its standard error. `$ cargo build` in a `compile-fail/`
//!    crate must fail, and the rest of the file must equal the compiler's
//!    errors (cargo's status lines and everything from `error: could not
//!    compile` on dropped). Any other shown file must be read by a test of
//!    its crate through `include_str!`.
//! 5. **Anchor markers.** In every included file, no anchor opens twice
//!    (`{{#rustdoc_include}}` would show every stretch, `{{#include}}` only
//!    the first), no `ANCHOR_END:` closes an anchor that is not open, and,
//!    in a `.rs` file, no marker sits inside a string literal: mdBook reads
//!    `ANCHOR: name` anywhere on a line (see [`anchors`]).
//! 6. **Listing length.** A `rust` block that includes a listing shows at
//!    most [`MAX_SHOWN_LINES`] lines, counted as mdBook shows them (the
//!    selected lines without anchor markers; the lines `rustdoc_include`
//!    hides, and `# ` lines, not counted). A deliberate exception says why
//!    on the last non-blank line before its fence:
//!    `<!-- book-check: long listing: REASON -->`.
//! 7. **References to chapters.** Every page under `src/` (not `SUMMARY.md`)
//!    and the README refer only to written chapters. A chapter is written
//!    when its `SUMMARY.md` entry has a link (a draft is `- [Title]()`);
//!    chapters are numbered as mdBook numbers them, the top-level list items
//!    from 1 across parts. In prose (fenced code, inline code and HTML
//!    comments left out) "chapter N", "Chapter N", "chapters N and M",
//!    "chapters N, M and K" and ranges ("chapters N to M", "N-M", "N–M")
//!    must name written chapters that exist; a number written as a word
//!    ("chapter nine") is not read. A number that belongs to another book
//!    is followed directly by [`ANOTHER_BOOK`], or phrased without
//!    "chapter N" ("Fluent Python's asyncio chapter"). Links (`[text](page)`,
//!    reference definitions, `href`) to a relative `.md` or `.html` page
//!    must point to a written chapter's page (mdBook's own `print.html`,
//!    `index.html`, `toc.html` and `404.html` excepted); absolute URLs are
//!    not read.
//! 8. **Captions.** A caption does not say "locally" twice ("runs locally,
//!    offline; locally: `cargo run ...`"): it reads "runs locally, offline:
//!    `cargo run -p ...`".
//!
//! Outputs are compared line by line, ignoring trailing whitespace on each
//! line and trailing blank lines. A crate whose `Cargo.toml` has
//! `[package.metadata.book] normalize = ["durations"]` has every duration
//! replaced by `<duration>` on both sides first; a duration is a number,
//! optionally with decimals, optionally a space, then a unit among `ns`,
//! `µs`, `us`, `ms` and `s`, standing alone as a word:
//! [`DURATION_PATTERN`]. So `1.5s`, `12 ms`, `830ns` and `2.000101ms` all
//! match, while `3 sockets`, `h2s` and `12h` do not. The spaces or tabs on
//! either side of a duration become one space, so that a column of
//! durations padded to a width compares as well.
//!
//! In [`Mode::Bless`] the checker rewrites the run outputs that differ
//! (keeping the command on line 1) instead of reporting them.

pub mod anchors;
mod markdown;
mod outputs;
pub mod references;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

pub use markdown::{Chapter, Fence, Include, IncludeKind, Selection};
pub use outputs::{
    DURATION_PATTERN, Mismatch, compare_output, normalize_durations,
    normalize_std_paths,
};
pub use references::{ANOTHER_BOOK, Summary};

/// The most lines a listing may show (rustdoc's hidden lines not counted).
pub const MAX_SHOWN_LINES: usize = 30;

/// Written on the last line before a longer listing's fence, with a reason,
/// it lets the listing stand: `<!-- book-check: long listing: REASON -->`.
pub const LONG_LISTING: &str = "<!-- book-check: long listing:";

/// The crates a `mdbook-runnable` listing may depend on. The Rust
/// Playground carries many of the most downloaded crates, at versions of
/// its own; the book counts only on these few (not, for one, on `rand`).
pub const PLAYGROUND_CRATES: &[&str] = &[
    "tokio",
    "futures",
    "serde",
    "serde_json",
    "anyhow",
    "thiserror",
    "regex",
];

/// One thing wrong with the book, at a file and line (both as an editor
/// wants them: the path relative to the repository root, lines from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    /// The first line says what is wrong; further lines (a diff, a
    /// program's stderr) are indented.
    pub message: String,
}

impl Problem {
    fn new(
        path: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Check, or rewrite the outputs that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Check,
    Bless,
}

/// How to run the check.
#[derive(Debug, Clone)]
pub struct Options {
    pub mode: Mode,
    /// False skips building and running programs (outputs are still found
    /// and their commands read).
    pub run_programs: bool,
    /// Cargo's target directory; binaries are taken from here.
    pub target_dir: PathBuf,
    /// The cargo to call.
    pub cargo: OsString,
    /// How long one program may run. A compile-fail build may take ten
    /// times as long and the build of all the programs thirty times (they
    /// may compile dependencies).
    pub timeout: Duration,
    /// How many programs run at once.
    pub jobs: usize,
    /// When set, only outputs whose path contains this text are run and
    /// compared (`--only ch06`); the static checks still cover the book.
    pub only: Option<String>,
}

impl Options {
    /// Checking, with cargo's target directory (`CARGO_TARGET_DIR` or
    /// `ROOT/target`), the `CARGO` that runs us, a 60 s timeout and one job
    /// per core.
    pub fn for_root(root: &Path) -> Self {
        // A relative CARGO_TARGET_DIR is relative to where cargo was started.
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => std::env::current_dir()
                .unwrap_or_else(|_| root.to_path_buf())
                .join(dir),
            _ => root.join("target"),
        };
        Options {
            mode: Mode::Check,
            run_programs: true,
            target_dir,
            cargo: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            timeout: Duration::from_secs(60),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            only: None,
        }
    }
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file and line.
    pub problems: Vec<Problem>,
    pub listings: usize,
    pub includes: usize,
    pub outputs: usize,
    /// Files rewritten by [`Mode::Bless`], relative to the root.
    pub blessed: Vec<PathBuf>,
}

/// The nearest directory at or above `start` holding a `book.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("book.toml").is_file())
        .map(Path::to_path_buf)
}

/// Runs every check on the book at `root`.
pub fn check(root: &Path, options: &Options) -> Report {
    let mut problems = Vec::new();
    let book = Book::load(root, &mut problems);
    let (mut jobs, shown) = static_checks(&book, &mut problems);
    if let Some(only) = &options.only {
        jobs.retain(|job| job.file().to_string_lossy().contains(only.as_str()));
    }
    let mut report = Report {
        listings: book.crates.len(),
        includes: book.chapters.iter().map(|c| c.includes.len()).sum(),
        outputs: shown,
        ..Report::default()
    };
    if options.run_programs {
        report.blessed = outputs::run(&book, &jobs, options, &mut problems);
    }
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    report.problems = problems;
    report
}

/// A listing crate folder.
#[derive(Debug)]
pub struct Crate {
    /// Relative to the root: `listings/ch01-iterators/listing-01-02`.
    pub dir: PathBuf,
    /// The chapter folder's name: `ch01-iterators`.
    pub chapter_dir: String,
    /// Under `compile-fail/`.
    pub compile_fail: bool,
    /// `Cargo.toml`, when it exists and parses.
    pub manifest: Option<toml::Table>,
    /// Its text, to find line numbers.
    pub manifest_text: String,
}

impl Crate {
    fn package(&self) -> Option<&toml::Table> {
        self.manifest.as_ref()?.get("package")?.as_table()
    }

    /// The package name.
    pub fn name(&self) -> Option<&str> {
        self.package()?.get("name")?.as_str()
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    /// `[package.metadata.book] normalize = [...]`.
    fn normalize(&self) -> Vec<&str> {
        let list = self.package().and_then(|p| {
            p.get("metadata")?.get("book")?.get("normalize")?.as_array()
        });
        list.into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect()
    }

    /// The exit status a shown output's program is expected to end with:
    /// `[package.metadata.book.exit-status] "output-NAME.txt" = 1`, else 0.
    /// For programs whose point is to fail well (a dead server, bad input).
    fn expected_status(&self, output_file: &str) -> i32 {
        self.package()
            .and_then(|p| {
                p.get("metadata")?
                    .get("book")?
                    .get("exit-status")?
                    .get(output_file)?
                    .as_integer()
            })
            .map_or(0, |code| code as i32)
    }

    /// The names of the crates in `[dependencies]` (renames resolved).
    fn dependencies(&self) -> Vec<String> {
        let Some(deps) = self
            .manifest
            .as_ref()
            .and_then(|m| m.get("dependencies")?.as_table())
        else {
            return Vec::new();
        };
        deps.iter()
            .map(|(key, spec)| {
                spec.get("package")
                    .and_then(|p| p.as_str())
                    .unwrap_or(key)
                    .to_string()
            })
            .collect()
    }

    /// The 1-based line of the first line of `Cargo.toml` that starts with
    /// `key` and has an `=`, else 1.
    fn manifest_line(&self, key: &str) -> usize {
        self.manifest_text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l.starts_with(key)
                    && l[key.len()..].trim_start().starts_with('=')
            })
            .map_or(1, |i| i + 1)
    }
}

/// The chapters and listing crates of a book.
#[derive(Debug)]
pub struct Book {
    pub root: PathBuf,
    pub chapters: Vec<Chapter>,
    pub crates: Vec<Crate>,
    /// `src/SUMMARY.md`, when there is one.
    pub summary: Option<Summary>,
    /// `README.md` at the root, when there is one: its chapter references
    /// are checked like a chapter's.
    pub readme: Option<String>,
}

impl Book {
    /// Reads `src/**/*.md` and the crates under `listings/`, adding to
    /// `problems` what cannot be read.
    pub fn load(root: &Path, problems: &mut Vec<Problem>) -> Book {
        let mut markdown = Vec::new();
        walk(&root.join("src"), &mut |path| {
            if path.extension().is_some_and(|e| e == "md") {
                markdown.push(path.to_path_buf());
            }
        });
        markdown.sort();
        let mut chapters = Vec::new();
        for path in markdown {
            let rel = relative(root, &path);
            match fs::read_to_string(&path) {
                Ok(text) => chapters.push(markdown::scan(&rel, &text)),
                Err(e) => problems.push(Problem::new(
                    rel,
                    1,
                    format!("cannot read: {e}"),
                )),
            }
        }

        let mut crates = Vec::new();
        for chapter_dir in subdirs(&root.join("listings")) {
            let chapter_name = file_name(&chapter_dir);
            for dir in subdirs(&chapter_dir) {
                if file_name(&dir) == "compile-fail" {
                    for dir in subdirs(&dir) {
                        crates.push(Crate::load(
                            root,
                            &dir,
                            &chapter_name,
                            true,
                            problems,
                        ));
                    }
                } else {
                    crates.push(Crate::load(
                        root,
                        &dir,
                        &chapter_name,
                        false,
                        problems,
                    ));
                }
            }
        }
        let summary = fs::read_to_string(root.join("src/SUMMARY.md"))
            .ok()
            .map(|text| Summary::parse(&text, Path::new("src")));
        Book {
            root: root.to_path_buf(),
            chapters,
            crates,
            summary,
            readme: fs::read_to_string(root.join("README.md")).ok(),
        }
    }

    /// The crate whose folder holds `path` (relative to the root).
    pub fn crate_of(&self, path: &Path) -> Option<&Crate> {
        self.crates.iter().find(|c| path.starts_with(&c.dir))
    }
}

impl Crate {
    fn load(
        root: &Path,
        dir: &Path,
        chapter: &str,
        compile_fail: bool,
        problems: &mut Vec<Problem>,
    ) -> Crate {
        let rel = relative(root, dir);
        let mut krate = Crate {
            dir: rel,
            chapter_dir: chapter.to_string(),
            compile_fail,
            manifest: None,
            manifest_text: String::new(),
        };
        let manifest = krate.manifest_path();
        match fs::read_to_string(root.join(&manifest)) {
            Err(e) => problems.push(Problem::new(
                &manifest,
                1,
                format!("every folder under a chapter's listings is a crate, but this one has no readable Cargo.toml ({e})"),
            )),
            Ok(text) => {
                match text.parse::<toml::Table>() {
                    Ok(table) => krate.manifest = Some(table),
                    Err(e) => {
                        let line = e
                            .span()
                            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
                        let message = e.message().to_string();
                        problems.push(Problem::new(
                            &manifest,
                            line,
                            format!("not valid TOML: {message}"),
                        ));
                    }
                }
                krate.manifest_text = text;
            }
        }
        krate
    }
}

/// `listing-NN-MM` and `exercise-NN-K`.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:listing|exercise)-(\d+)-(\d+)$").expect("valid regex")
});
static CHAPTER_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ch(\d+)-").expect("valid regex"));
static ANCHOR_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR:\s*([\w_-]+)").expect("valid regex"));
static ANCHOR_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ANCHOR_END:\s*([\w_-]+)").expect("valid regex")
});

/// Words rustdoc reads as "this is Rust" when they open an info string.
const RUSTDOC_WORDS: &[&str] = &[
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "test_harness",
    "standalone_crate",
];

/// Everything but running programs: fills `problems` and returns the
/// programs to run and the number of shown outputs.
fn static_checks(
    book: &Book,
    problems: &mut Vec<Problem>,
) -> (Vec<outputs::Job>, usize) {
    let root = &book.root;
    // Files included by a chapter that exist, with their text.
    let mut included =
        std::collections::BTreeMap::<PathBuf, Option<String>>::new();
    for chapter in &book.chapters {
        for include in &chapter.includes {
            let text =
                included.entry(include.target.clone()).or_insert_with(|| {
                    fs::read_to_string(root.join(&include.target)).ok()
                });
            if let Err(message) = check_include(include, text.as_deref(), root)
            {
                problems.push(Problem::new(
                    &chapter.path,
                    include.line,
                    message,
                ));
            }
        }
        for fence in &chapter.fences {
            check_fence(book, chapter, fence, problems);
        }
    }
    included.retain(|_, text| text.is_some());
    for (path, text) in &included {
        if let Some(text) = text {
            problems.extend(anchors::check_markers(path, text));
        }
    }
    for chapter in &book.chapters {
        for fence in &chapter.fences {
            check_length(chapter, fence, &included, problems);
        }
    }
    check_prose(book, problems);

    for krate in &book.crates {
        check_crate(book, krate, &included, problems);
    }

    let shown: Vec<(PathBuf, String)> = included
        .into_iter()
        .filter_map(|(path, text)| Some((path, text?)))
        .filter(|(_, text)| text.starts_with("$ "))
        .collect();
    (outputs::plan(book, &shown, problems), shown.len())
}

fn check_include(
    include: &Include,
    text: Option<&str>,
    root: &Path,
) -> Result<(), String> {
    let shown = &include.written;
    let Some(text) = text else {
        let target = root.join(&include.target);
        let what = if target.is_dir() {
            "is a folder, not a file"
        } else if target.is_file() {
            "cannot be read as UTF-8 text"
        } else {
            "does not exist"
        };
        return Err(format!(
            "included file `{shown}` {what} (resolved to {})",
            include.target.display()
        ));
    };
    match &include.selection {
        Selection::Whole => Ok(()),
        Selection::Anchor(name) => {
            let is = |re: &Regex, line: &str| {
                re.captures(line).is_some_and(|c| &c[1] == name)
            };
            let mut lines = text.lines();
            if !lines.any(|l| is(&ANCHOR_START, l)) {
                return Err(format!(
                    "anchor `{name}` not found in `{shown}`: it has no `ANCHOR: {name}` line"
                ));
            }
            if !lines.any(|l| is(&ANCHOR_END, l)) {
                return Err(format!(
                    "anchor `{name}` in `{shown}` is never closed: add `ANCHOR_END: {name}` after `ANCHOR: {name}`"
                ));
            }
            Ok(())
        }
        Selection::Lines { from, to } => {
            let count = text.lines().count();
            let from_line = from.unwrap_or(1);
            if from_line == 0 {
                return Err(format!("line numbers start at 1 (in `{shown}`)"));
            }
            if from_line > count {
                return Err(format!(
                    "line range starts at line {from_line}, but `{shown}` has {count} lines"
                ));
            }
            if let Some(to) = *to {
                if to > count {
                    return Err(format!(
                        "line range ends at line {to}, but `{shown}` has {count} lines"
                    ));
                }
                if to < from_line {
                    return Err(format!(
                        "line range {from_line}:{to} of `{shown}` is empty"
                    ));
                }
            }
            Ok(())
        }
    }
}

fn check_fence(
    book: &Book,
    chapter: &Chapter,
    fence: &Fence,
    problems: &mut Vec<Problem>,
) {
    let mut report = |message: String| {
        problems.push(Problem::new(&chapter.path, fence.line, message))
    };
    if !fence.closed {
        report("this code block is never closed".into());
    }
    let words = fence.words();
    let Some(&language) = words.first() else {
        report("label the fence: mdbook test runs unlabeled fences as Rust (name the language: rust, text, console, toml, python, mermaid)".into());
        return;
    };
    if RUSTDOC_WORDS.contains(&language) || language.starts_with("edition") {
        report(format!(
            "the fence `{}` is read as Rust by mdbook test: start it with `rust,` or name its language",
            fence.info
        ));
        return;
    }
    if language != "rust" {
        return;
    }
    let has = |word: &str| words[1..].contains(&word);
    if fence.includes.is_empty() {
        if has("ignore") {
            report("an inline Rust block must not carry `ignore`: mdbook test must run it (if it cannot run, make it a listing crate and include it)".into());
        }
        return;
    }
    if !has("ignore") {
        report(format!(
            "a Rust block that includes a listing must carry `ignore` (cargo test tests the crate, mdbook test cannot build it): write ```rust,ignore{}",
            if has("mdbook-runnable") {
                ",mdbook-runnable"
            } else {
                ""
            }
        ));
    }
    let includes: Vec<&Include> = fence
        .includes
        .iter()
        .map(|&i| &chapter.includes[i])
        .collect();
    let crates: Vec<&Crate> = includes
        .iter()
        .filter_map(|i| book.crate_of(&i.target))
        .collect();
    if crates.len() < includes.len() {
        report("a Rust block may include only files of listing crates, which cargo test tests (listings/chNN-topic/NAME/)".into());
    }
    if crates.iter().any(|c| c.compile_fail) && !has("does_not_compile") {
        report("a block from a compile-fail crate must carry `ignore` and `does_not_compile`: write ```rust,ignore,does_not_compile".into());
    }
    if has("mdbook-runnable") {
        if includes
            .iter()
            .any(|i| i.kind != IncludeKind::RustdocInclude)
        {
            report("an `mdbook-runnable` block must use {{#rustdoc_include ...}}, so the Playground gets the whole file".into());
        }
        let mut seen = BTreeSet::new();
        for krate in crates {
            if !seen.insert(&krate.dir) {
                continue;
            }
            let missing: Vec<String> = krate
                .dependencies()
                .into_iter()
                .filter(|d| !PLAYGROUND_CRATES.contains(&d.as_str()))
                .collect();
            if !missing.is_empty() {
                report(format!(
                    "`mdbook-runnable`, but {} depends on {}, which the Rust Playground does not offer (it offers {}): use ```rust,ignore and say how it runs",
                    krate.name().unwrap_or("the listing"),
                    quoted(&missing),
                    PLAYGROUND_CRATES.join(", ")
                ));
            }
        }
    }
}

/// A Rust block that shows more than [`MAX_SHOWN_LINES`] lines, counted
/// as mdBook shows them, without a [`LONG_LISTING`] reason.
fn check_length(
    chapter: &Chapter,
    fence: &Fence,
    included: &std::collections::BTreeMap<PathBuf, Option<String>>,
    problems: &mut Vec<Problem>,
) {
    if fence.words().first() != Some(&"rust") || fence.includes.is_empty() {
        return;
    }
    let includes: Vec<&Include> = fence
        .includes
        .iter()
        .map(|&i| &chapter.includes[i])
        .collect();
    let include_lines: BTreeSet<usize> =
        includes.iter().map(|i| i.line).collect();
    let body = fence.end.saturating_sub(fence.line + 1);
    let mut shown = body.saturating_sub(include_lines.len());
    for include in &includes {
        let Some(Some(text)) = included.get(&include.target) else {
            return; // reported as a missing file
        };
        shown +=
            anchors::shown_lines(include.kind, &include.selection, text, true)
                .len();
    }
    if shown <= MAX_SHOWN_LINES {
        return;
    }
    let lines: Vec<&str> = chapter.text.lines().take(fence.line - 1).collect();
    let above = lines
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map_or("", |l| l.trim());
    if let Some(reason) = above.strip_prefix(LONG_LISTING) {
        if !reason.trim_end_matches("-->").trim().is_empty() {
            return;
        }
        problems.push(Problem::new(
            &chapter.path,
            fence.line,
            format!(
                "say why this listing may be long: {LONG_LISTING} REASON -->"
            ),
        ));
        return;
    }
    problems.push(Problem::new(
        &chapter.path,
        fence.line,
        format!(
            "this listing shows {shown} lines, more than {MAX_SHOWN_LINES}: split it into parts the prose walks through, or trim what the prose does not discuss (a deliberate exception says why on the line above the fence: {LONG_LISTING} REASON -->)"
        ),
    ));
}

/// The references and captions of every page, and of the README.
fn check_prose(book: &Book, problems: &mut Vec<Problem>) {
    let Some(summary) = &book.summary else {
        return; // without a table of contents there is nothing to hold to
    };
    for chapter in &book.chapters {
        if chapter.path.file_name().is_some_and(|n| n == "SUMMARY.md") {
            continue;
        }
        problems.extend(references::check_page(
            &chapter.path,
            &chapter.text,
            summary,
        ));
    }
    if let Some(readme) = &book.readme {
        problems.extend(references::check_page(
            Path::new("README.md"),
            readme,
            summary,
        ));
    }
}

fn check_crate(
    book: &Book,
    krate: &Crate,
    included: &std::collections::BTreeMap<PathBuf, Option<String>>,
    problems: &mut Vec<Problem>,
) {
    let manifest = krate.manifest_path();
    let folder = file_name(&krate.dir);
    if krate.manifest.is_some() {
        match krate.name() {
            None => problems.push(Problem::new(
                &manifest,
                1,
                "no [package] name: every listing folder is a crate",
            )),
            Some(name) => {
                if let Some(caps) =
                    NUMBERED.captures(&folder).filter(|_| !krate.compile_fail)
                {
                    if name != folder {
                        problems.push(Problem::new(
                            &manifest,
                            krate.manifest_line("name"),
                            format!("package name `{name}` must match its folder `{folder}`"),
                        ));
                    }
                    match CHAPTER_DIR.captures(&krate.chapter_dir) {
                        None => problems.push(Problem::new(
                            &manifest,
                            1,
                            format!("chapter folder `{}` must be named chNN-topic", krate.chapter_dir),
                        )),
                        Some(ch) if ch[1] != caps[1] => problems.push(Problem::new(
                            &manifest,
                            krate.manifest_line("name"),
                            format!(
                                "`{folder}` is in `{}`: its number must start with the chapter's, {}",
                                krate.chapter_dir, &ch[1]
                            ),
                        )),
                        Some(_) => {}
                    }
                }
            }
        }
        let description = krate
            .package()
            .and_then(|p| p.get("description")?.as_str())
            .unwrap_or("");
        if description.trim().is_empty() {
            problems.push(Problem::new(
                &manifest,
                krate.manifest_line("name"),
                "add a `description` saying what the listing shows",
            ));
        }
    }
    let is_included = included.keys().any(|p| p.starts_with(&krate.dir));
    if !is_included {
        problems.push(Problem::new(
            &manifest,
            1,
            format!(
                "listing crate `{}` is not included by any chapter",
                krate.name().unwrap_or(&folder)
            ),
        ));
    }
    let Ok(entries) = fs::read_dir(book.root.join(&krate.dir)) else {
        return;
    };
    let mut orphans: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("output") && n.ends_with(".txt"))
        .map(|n| krate.dir.join(n))
        .filter(|p| !included.contains_key(p))
        .collect();
    orphans.sort();
    for orphan in orphans {
        problems.push(Problem::new(
            orphan,
            1,
            "output file not included by any chapter: show it with {{#include}} in a ```console block, or delete it",
        ));
    }
}

fn quoted(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// Calls `visit` for every file under `dir`, skipping hidden folders and
/// `target`.
fn walk(dir: &Path, visit: &mut dyn FnMut(&Path)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, visit);
            }
        } else {
            visit(&path);
        }
    }
}

/// The folders directly in `dir`, sorted, hidden ones and `target` left out.
fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            let name = file_name(p);
            !name.starts_with('.') && name != "target"
        })
        .collect();
    dirs.sort();
    dirs
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
