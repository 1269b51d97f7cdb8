//! Shown outputs: reading the command on their first line, running it, and
//! comparing what it prints with the rest of the file.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use regex::Regex;

use crate::{Book, Crate, Mode, Options, Problem};

/// A duration as programs print them: `1.5s`, `12 ms`, `830ns`, `3µs`
/// (`µ` as the micro sign or the Greek letter). The number must start a
/// word and the unit must end one, so `12h`, `h2s` and `3 sockets` are left
/// alone.
pub const DURATION_PATTERN: &str = r"\b\d+(?:\.\d+)? ?(?:ns|µs|μs|us|ms|s)\b";

/// A duration with the spaces and tabs around it.
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"([ \t]*){DURATION_PATTERN}([ \t]*)"))
        .expect("valid regex")
});

/// Replaces every duration in `text` ([`DURATION_PATTERN`]) with
/// `<duration>`, and the spaces or tabs on either side of it with one space,
/// so that a column of durations padded to a width compares too.
pub fn normalize_durations(text: &str) -> Cow<'_, str> {
    DURATION.replace_all(text, |caps: &regex::Captures<'_>| {
        let space = |i: usize| if caps[i].is_empty() { "" } else { " " };
        format!("{}<duration>{}", space(1), space(2))
    })
}

/// Lines as compared: trailing whitespace and trailing blank lines dropped.
fn comparable_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// How a shown output differs from what the program printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The line of the output file (counting the command as line 1) where
    /// the first difference is.
    pub line: usize,
    /// The first differing lines, `-` expected and `+` actual, each line
    /// indented by four spaces.
    pub diff: String,
}

/// A path into the standard library's sources in a compiler message, such as
/// `--> /rustc/59807616.../library/core/src/pin.rs:1596:4`.
static STD_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/rustc/[0-9a-f]+/(\S+?):\d+:\d+").expect("valid regex")
});

/// A path into a crate's sources in cargo's registry, such as
/// `--> /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tokio-1.54.1/src/task/spawn.rs:169:21`.
/// The prefix names the machine's `CARGO_HOME` and the index's hash; the
/// rest is pinned by `Cargo.lock`, so only the prefix is replaced.
static REGISTRY_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\S*/registry/src/[^/\s]+/").expect("valid regex")
});

/// Replaces the compiler's commit hash and the line and column in paths into
/// the standard library with placeholders: they change with every Rust
/// release while the message stays the same, and a compile-fail output
/// should not go stale with each one. Paths into cargo's registry lose
/// their machine-specific prefix (`$CARGO_HOME/registry/src/<index>/`).
pub fn normalize_std_paths(text: &str) -> Cow<'_, str> {
    let text = STD_PATH.replace_all(text, "/rustc/<commit>/$1:<line>");
    match REGISTRY_PATH.replace_all(&text, "$$CARGO_HOME/registry/src/<index>/")
    {
        Cow::Borrowed(_) => text,
        Cow::Owned(replaced) => Cow::Owned(replaced),
    }
}

/// Compares an output file's body (its lines after the command) with what
/// the program printed, optionally with durations normalized on both sides.
pub fn compare_output(
    expected: &str,
    actual: &str,
    durations: bool,
) -> Result<(), Mismatch> {
    let (expected, actual) = if durations {
        (normalize_durations(expected), normalize_durations(actual))
    } else {
        (Cow::Borrowed(expected), Cow::Borrowed(actual))
    };
    let (expected, actual) =
        (normalize_std_paths(&expected), normalize_std_paths(&actual));
    let expected = comparable_lines(&expected);
    let actual = comparable_lines(&actual);
    if expected == actual {
        return Ok(());
    }
    Err(diff(&expected, &actual))
}

enum Edit<'a> {
    Same,
    Removed(usize, &'a str),
    Added(&'a str),
}

/// A line diff of two short texts (longest common subsequence), showing
/// at most 20 changed lines.
fn diff(expected: &[&str], actual: &[&str]) -> Mismatch {
    const SHOWN: usize = 20;
    let (n, m) = (expected.len(), actual.len());
    let mut edits = Vec::new();
    if n.saturating_mul(m) <= 4_000_000 {
        // lcs[i][j]: the common subsequence of expected[i..] and actual[j..].
        let mut lcs = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = if expected[i] == actual[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && expected[i] == actual[j] {
                edits.push(Edit::Same);
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                edits.push(Edit::Removed(i, expected[i]));
                i += 1;
            } else {
                edits.push(Edit::Added(actual[j]));
                j += 1;
            }
        }
    } else {
        // Too long for the table: compare line by line.
        for k in 0..n.max(m) {
            match (expected.get(k), actual.get(k)) {
                (Some(a), Some(b)) if a == b => edits.push(Edit::Same),
                (a, b) => {
                    if let Some(a) = a {
                        edits.push(Edit::Removed(k, a));
                    }
                    if let Some(b) = b {
                        edits.push(Edit::Added(b));
                    }
                }
            }
        }
    }

    let mut line = None;
    let mut shown = 0;
    let mut changed = 0;
    let mut text = String::from("    (- shown in the book, + printed now)");
    let mut at = 0; // index into `expected` of the next line
    for edit in &edits {
        let (sign, content) = match edit {
            Edit::Same => {
                at += 1;
                continue;
            }
            Edit::Removed(k, l) => {
                at = k + 1;
                ('-', *l)
            }
            Edit::Added(l) => ('+', *l),
        };
        // Line 1 of the file is the command.
        line.get_or_insert(match edit {
            Edit::Removed(k, _) => k + 2,
            _ => at + 2,
        });
        changed += 1;
        if shown < SHOWN {
            shown += 1;
            let _ = write!(text, "\n    {sign} {content}");
        }
    }
    if changed > shown {
        let _ = write!(
            text,
            "\n    ... and {} more changed lines",
            changed - shown
        );
    }
    Mismatch {
        line: line.unwrap_or(1),
        diff: text,
    }
}

/// A shown output whose command the checker runs.
#[derive(Debug)]
pub(crate) struct Job {
    /// The output file, relative to the root.
    file: PathBuf,
    /// Its first line, `$ ` included.
    command: String,
    /// Its other lines.
    expected: String,
    /// Index of the crate whose normalization applies.
    krate: usize,
    kind: Kind,
}

impl Job {
    /// The output file, relative to the root.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }
}

#[derive(Debug)]
enum Kind {
    /// `$ cargo run -p PKG ...`
    Run {
        pkg: String,
        bin: String,
        args: Vec<String>,
        release: bool,
    },
    /// `$ cargo build` in a compile-fail crate.
    CompileFail,
}

/// Reads the command of every shown output (`shown`: path and text of each
/// included file starting with `$ `); returns the ones to run and reports
/// the rest.
pub(crate) fn plan(
    book: &Book,
    shown: &[(PathBuf, String)],
    problems: &mut Vec<Problem>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (file, text) in shown {
        let (command, expected) = text.split_once('\n').unwrap_or((text, ""));
        let command = command.trim_end();
        let owner = book.crates.iter().position(|c| file.starts_with(&c.dir));
        let job = |krate, kind| Job {
            file: file.clone(),
            command: command.to_string(),
            expected: expected.to_string(),
            krate,
            kind,
        };
        let words = match shell_words(&command[2..]) {
            Ok(words) => words,
            Err(e) => {
                problems.push(Problem::new(
                    file,
                    1,
                    format!("cannot read the command: {e}"),
                ));
                continue;
            }
        };
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["cargo", "run", options @ ..] => {
                match run_command(book, options) {
                    Ok((krate, kind)) => jobs.push(job(krate, kind)),
                    Err(e) => problems.push(Problem::new(file, 1, e)),
                }
            }
            ["cargo", "build", quiet @ ..]
                if owner.is_some_and(|k| book.crates[k].compile_fail)
                    && quiet.iter().all(|w| ["-q", "--quiet"].contains(w)) =>
            {
                let mut job = job(owner.expect("checked"), Kind::CompileFail);
                // The file may end with cargo's closing line, as a terminal
                // shows it; it is not compared.
                job.expected =
                    before_could_not_compile(&job.expected).to_string();
                jobs.push(job);
            }
            _ => {
                let name = crate::file_name(file);
                match owner {
                    None => problems.push(Problem::new(
                        file,
                        1,
                        "shown as a terminal session (it starts with `$ `), but it lies in no listing crate, so nothing tests it",
                    )),
                    Some(k) if !reads_with_include_str(book, &book.crates[k], &name) => {
                        problems.push(Problem::new(
                            file,
                            1,
                            format!(
                                "the checker does not run `{}` (it runs `cargo run -p ...`, and `cargo build` in compile-fail/), so a test in {} must read this file with include_str!(\"...{name}\") and compare it",
                                &command[2..],
                                book.crates[k].dir.display()
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
    }
    jobs
}

/// Reads `cargo run` options: `-p PKG`, `--bin BIN`, `--release`, `-q`,
/// `-- ARGS`.
fn run_command(book: &Book, words: &[&str]) -> Result<(usize, Kind), String> {
    let (mut pkg, mut bin, mut release, mut args) =
        (None, None, false, Vec::new());
    let mut words = words.iter();
    while let Some(&word) = words.next() {
        let mut value = |name: &str| {
            words
                .next()
                .map(|v| v.to_string())
                .ok_or(format!("`{name}` needs a value"))
        };
        match word {
            "--" => {
                args = words.by_ref().map(|w| w.to_string()).collect();
            }
            "-q" | "--quiet" => {}
            "--release" => release = true,
            "-p" | "--package" => pkg = Some(value(word)?),
            "--bin" => bin = Some(value(word)?),
            _ if word.starts_with("--package=") => {
                pkg = Some(word[10..].to_string())
            }
            _ if word.starts_with("--bin=") => {
                bin = Some(word[6..].to_string())
            }
            _ => {
                return Err(format!(
                    "the checker cannot run this: `cargo run` option `{word}` (it reads -p, --bin, --release, -q and -- ARGS)"
                ));
            }
        }
    }
    let pkg = pkg.ok_or("name the package: `$ cargo run -p listing-NN-MM`")?;
    let krate = book
        .crates
        .iter()
        .position(|c| !c.compile_fail && c.name() == Some(pkg.as_str()))
        .ok_or(format!("no listing crate is named `{pkg}`"))?;
    let bin = match bin {
        Some(bin) => bin,
        None => default_binary(&book.root, &book.crates[krate])?,
    };
    Ok((
        krate,
        Kind::Run {
            pkg,
            bin,
            args,
            release,
        },
    ))
}

/// The binary `cargo run` picks for a crate: `default-run`, or its only
/// binary (`src/main.rs`, `[[bin]]` entries, `src/bin/*`).
fn default_binary(root: &Path, krate: &Crate) -> Result<String, String> {
    let package = krate.package().ok_or("its Cargo.toml has no [package]")?;
    let name = krate.name().unwrap_or_default();
    if let Some(run) = package.get("default-run").and_then(|v| v.as_str()) {
        return Ok(run.to_string());
    }
    let explicit: Vec<&toml::Table> = krate
        .manifest
        .as_ref()
        .and_then(|m| m.get("bin")?.as_array())
        .into_iter()
        .flatten()
        .filter_map(|b| b.as_table())
        .collect();
    let mut bins: BTreeSet<String> = explicit
        .iter()
        .filter_map(|b| Some(b.get("name")?.as_str()?.to_string()))
        .collect();
    let dir = root.join(&krate.dir);
    if package.get("autobins").and_then(|v| v.as_bool()) != Some(false) {
        let main_taken = explicit.iter().any(|b| {
            b.get("path").and_then(|p| p.as_str()) == Some("src/main.rs")
        });
        if dir.join("src/main.rs").is_file() && !main_taken {
            bins.insert(name.to_string());
        }
        if let Ok(entries) = fs::read_dir(dir.join("src/bin")) {
            for entry in entries.filter_map(|e| e.ok()) {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "rs") {
                    if let Some(stem) = path.file_stem() {
                        bins.insert(stem.to_string_lossy().into_owned());
                    }
                } else if path.join("main.rs").is_file() {
                    bins.insert(crate::file_name(&path));
                }
            }
        }
    }
    let mut list = bins.into_iter();
    match (list.next(), list.next()) {
        (None, _) => Err(format!("`{name}` has no binary to run")),
        (Some(bin), None) => Ok(bin),
        (Some(a), Some(b)) => Err(format!(
            "`{name}` has several binaries ({a}, {b}, ...): add `--bin NAME` to the command"
        )),
    }
}

/// Splits a command line the way a shell would for simple commands:
/// whitespace, '…' and "…" quotes, backslash escapes. Pipes and
/// redirections are refused.
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("unclosed '".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => w.extend(chars.next()),
                        Some(c) => w.push(c),
                        None => return Err("unclosed \"".into()),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            '|' | '<' | '>' | ';' | '&' | '$' | '`' => {
                return Err(format!(
                    "`{c}`: pipes, redirections and variables are not supported; the file shows standard output then standard error"
                ));
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Whether some `.rs` file of the crate names `file_name` inside
/// `include_str!(...)`.
fn reads_with_include_str(book: &Book, krate: &Crate, file_name: &str) -> bool {
    let mut found = false;
    crate::walk(&book.root.join(&krate.dir), &mut |path| {
        if found || path.extension().is_none_or(|e| e != "rs") {
            return;
        }
        let Ok(text) = fs::read_to_string(path) else {
            return;
        };
        for (at, _) in text.match_indices("include_str!") {
            let rest = &text[at + "include_str!".len()..];
            let Some(open) = rest.find('(') else { continue };
            let mut depth = 0;
            let mut end = rest.len();
            for (i, c) in rest[open..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if rest[open..end].contains(file_name) {
                found = true;
                return;
            }
        }
    });
    found
}

/// What a finished (or killed) process left.
struct Ran {
    stdout: String,
    stderr: String,
    /// `None` if it was killed or could not be waited for.
    status: Option<ExitStatus>,
    /// It ran past the deadline, or something it started kept its output
    /// open past it.
    timed_out: bool,
}

/// Runs `command` with stdin closed and both outputs captured, killing it
/// after `timeout`.
fn execute(mut command: Command, timeout: Duration) -> std::io::Result<Ran> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn()?;
    // Each pipe is read on its own thread, so neither can fill up and stall
    // the program; the text comes back through a channel, so that waiting
    // for it can time out too.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        let (send, receive) = mpsc::channel();
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            let _ = send.send(String::from_utf8_lossy(&bytes).into_owned());
        });
        receive
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(_) => break None,
        }
    };
    // A process the program started may still hold the pipes open: wait
    // for the text only until the deadline (or a moment, after a kill).
    let wait = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(200));
    let stdout = stdout.recv_timeout(wait);
    let wait = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(200));
    let stderr = stderr.recv_timeout(wait);
    let timed_out = status.is_none() || stdout.is_err() || stderr.is_err();
    Ok(Ran {
        stdout: stdout.unwrap_or_default(),
        stderr: stderr.unwrap_or_default(),
        status,
        timed_out,
    })
}

/// Runs `work` on every item, `jobs` at a time, keeping the order.
fn parallel<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> =
        Mutex::new(items.iter().map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = work(item);
                    results.lock().expect("no panics while held")[i] =
                        Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no panics while held")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

/// The last `n` lines of `text`, indented, for a message.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let mut out = String::new();
    if lines.len() > n {
        out.push_str("\n    ...");
    }
    for line in &lines[lines.len().saturating_sub(n)..] {
        let _ = write!(out, "\n    {line}");
    }
    out
}

fn cargo_build(
    options: &Options,
    root: &Path,
    pkgs: &[&str],
    release: bool,
) -> Result<(), String> {
    let mut command = Command::new(&options.cargo);
    command
        .arg("build")
        .arg("--quiet")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &options.target_dir)
        .env("CARGO_TERM_COLOR", "never");
    if release {
        command.arg("--release");
    }
    for pkg in pkgs {
        command.args(["-p", pkg]);
    }
    match execute(command, options.timeout * 30) {
        Err(e) => Err(format!("cannot start cargo: {e}")),
        Ok(ran) if ran.timed_out => Err("cargo build timed out".into()),
        Ok(ran) if ran.status.is_some_and(|s| s.success()) => Ok(()),
        Ok(ran) => Err(ran.stderr),
    }
}

/// Builds what the jobs need, runs them, and compares (or, blessing,
/// rewrites) their outputs. Returns the rewritten files.
pub(crate) fn run(
    book: &Book,
    jobs: &[Job],
    options: &Options,
    problems: &mut Vec<Problem>,
) -> Vec<PathBuf> {
    let root = &book.root;
    // Build every binary once, debug and release apart; if a build fails,
    // build the packages one by one to tell which.
    let mut broken: BTreeMap<(&str, bool), String> = BTreeMap::new();
    for release in [false, true] {
        let pkgs: BTreeSet<&str> = jobs
            .iter()
            .filter_map(|job| match &job.kind {
                Kind::Run {
                    pkg, release: r, ..
                } if *r == release => Some(pkg.as_str()),
                _ => None,
            })
            .collect();
        let pkgs: Vec<&str> = pkgs.into_iter().collect();
        if pkgs.is_empty() {
            continue;
        }
        if let Err(all) = cargo_build(options, root, &pkgs, release) {
            let before = broken.len();
            if pkgs.len() > 1 {
                for pkg in &pkgs {
                    if let Err(e) = cargo_build(options, root, &[pkg], release)
                    {
                        broken.insert((pkg, release), e);
                    }
                }
            }
            if broken.len() == before {
                for pkg in &pkgs {
                    broken.insert((pkg, release), all.clone());
                }
            }
        }
    }

    let outcomes = parallel(jobs, options.jobs, |job| match &job.kind {
        Kind::Run {
            pkg,
            bin,
            args,
            release,
        } => {
            if let Some(error) = broken.get(&(pkg.as_str(), *release)) {
                return Err(format!(
                    "cannot build `{pkg}`:{}",
                    tail(error, 30)
                ));
            }
            let profile = if *release { "release" } else { "debug" };
            let exe = options
                .target_dir
                .join(profile)
                .join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
            if !exe.is_file() {
                return Err(format!(
                    "built `{pkg}` but found no binary {}: name the binary with --bin",
                    exe.display()
                ));
            }
            let mut command = Command::new(&exe);
            // Our own CARGO_PKG_* and the like are not the program's.
            for (key, _) in std::env::vars_os() {
                let key_text = key.to_string_lossy();
                if key_text.starts_with("CARGO_PKG_")
                    || [
                        "CARGO_MANIFEST_PATH",
                        "CARGO_CRATE_NAME",
                        "CARGO_BIN_NAME",
                        "CARGO_PRIMARY_PACKAGE",
                    ]
                    .contains(&key_text.as_ref())
                {
                    command.env_remove(&key);
                }
            }
            command
                .args(args)
                .current_dir(root)
                .env("NO_COLOR", "1")
                .env("TERM", "dumb")
                .env(
                    "CARGO_MANIFEST_DIR",
                    root.join(&book.crates[job.krate].dir),
                )
                .env("CARGO_PKG_NAME", pkg)
                .env_remove("RUST_LOG")
                .env_remove("RUST_BACKTRACE");
            let ran = execute(command, options.timeout)
                .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
            if ran.timed_out {
                return Err(format!(
                    "timed out: `{}` (or a process it started) was still running after {} s, and was killed",
                    &job.command[2..],
                    options.timeout.as_secs()
                ));
            }
            let file_name = job
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let expected = book.crates[job.krate].expected_status(&file_name);
            match ran.status {
                Some(status) if status.code() == Some(expected) => {
                    Ok(ran.stdout + &ran.stderr)
                }
                status => Err(format!(
                    "`{}` ended with {}, not the expected exit status {expected}; its standard error:{}",
                    &job.command[2..],
                    status.map_or("no exit status".to_string(), |s| s
                        .to_string()),
                    tail(&ran.stderr, 20)
                )),
            }
        }
        Kind::CompileFail => compile_fail(book, job, options),
    });

    let mut blessed = Vec::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        let actual = match outcome {
            Ok(actual) => actual,
            Err(message) => {
                problems.push(Problem::new(&job.file, 1, message));
                continue;
            }
        };
        let krate = &book.crates[job.krate];
        let durations = krate.normalize().contains(&"durations");
        let Err(mismatch) = compare_output(&job.expected, &actual, durations)
        else {
            continue;
        };
        if options.mode == Mode::Bless {
            let mut text = format!("{}\n", job.command);
            for line in comparable_lines(&actual) {
                text.push_str(line);
                text.push('\n');
            }
            match fs::write(root.join(&job.file), text) {
                Ok(()) => blessed.push(job.file.clone()),
                Err(e) => problems.push(Problem::new(
                    &job.file,
                    1,
                    format!("cannot write: {e}"),
                )),
            }
        } else {
            problems.push(Problem::new(
                &job.file,
                mismatch.line,
                format!(
                    "the output shown differs from what `{}` prints now (bless with `cargo run -p book-check -- bless`):\n{}",
                    &job.command[2..],
                    mismatch.diff
                ),
            ));
        }
    }
    for krate in &book.crates {
        for unknown in krate.normalize().iter().filter(|n| **n != "durations") {
            problems.push(Problem::new(
                krate.manifest_path(),
                krate.manifest_line("normalize"),
                format!("unknown normalization `{unknown}` (known: durations)"),
            ));
        }
    }
    blessed
}

/// Cargo's own progress lines, which are not the compiler's output.
static CARGO_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(Compiling|Checking|Blocking|Updating|Updated|Locking|Adding|Downloading|Downloaded|Unpacking|Finished|Fresh|Building|Removing|Running|Waiting)\b",
    )
    .expect("valid regex")
});

/// `text` up to the line `error: could not compile ...`, where cargo's
/// summary starts.
fn before_could_not_compile(text: &str) -> &str {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("error: could not compile") {
            break;
        }
        at += line.len();
    }
    &text[..at]
}

/// Builds a compile-fail crate on its own and returns the compiler's errors.
fn compile_fail(
    book: &Book,
    job: &Job,
    options: &Options,
) -> Result<String, String> {
    let dir = book.root.join(&book.crates[job.krate].dir);
    // The crate is outside the workspace, so cargo would write a lock file
    // beside it: start it from the workspace's (same versions, no network)
    // and remove it afterwards.
    let lock = dir.join("Cargo.lock");
    let made_lock = !lock.exists();
    if made_lock {
        let _ = fs::copy(book.root.join("Cargo.lock"), &lock);
    }
    let mut command = Command::new(&options.cargo);
    command
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", options.target_dir.join("compile-fail"))
        .env("CARGO_TERM_COLOR", "never");
    let ran = execute(command, options.timeout * 10);
    if made_lock {
        let _ = fs::remove_file(&lock);
    }
    let ran = ran.map_err(|e| format!("cannot start cargo: {e}"))?;
    if ran.timed_out {
        return Err(format!(
            "timed out: building {} took longer than {} s",
            dir.display(),
            (options.timeout * 10).as_secs()
        ));
    }
    if ran.status.is_some_and(|s| s.success()) {
        return Err(
            "this compile-fail crate compiles: it must fail to build".into()
        );
    }
    let mut errors = String::new();
    for line in before_could_not_compile(&ran.stderr).lines() {
        if CARGO_STATUS.is_match(line)
            || line.starts_with("warning: build failed, waiting")
        {
            continue;
        }
        errors.push_str(line);
        errors.push('\n');
    }
    Ok(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_commands() {
        assert_eq!(
            shell_words(r#"cargo run -p x -- 'a b' "c\"d" e\ f"#).unwrap(),
            ["cargo", "run", "-p", "x", "--", "a b", "c\"d", "e f"]
        );
        assert!(shell_words("cargo run -p x | head").is_err());
    }

    #[test]
    fn diff_points_at_the_first_changed_line() {
        let mismatch =
            compare_output("a\nb\nc\n", "a\nB\nc\n", false).unwrap_err();
        assert_eq!(mismatch.line, 3);
        assert!(mismatch.diff.contains("- b"), "{}", mismatch.diff);
        assert!(mismatch.diff.contains("+ B"), "{}", mismatch.diff);
        let added = compare_output("a\n", "a\nmore\n", false).unwrap_err();
        assert_eq!(added.line, 3);
        assert!(added.diff.contains("+ more"));
    }

    #[test]
    fn diff_shows_at_most_twenty_lines() {
        let expected: String = (0..50).map(|i| format!("{i}\n")).collect();
        let mismatch = compare_output(&expected, "", false).unwrap_err();
        assert_eq!(mismatch.diff.lines().count(), 1 + 20 + 1);
        assert!(mismatch.diff.ends_with("... and 30 more changed lines"));
    }
}
