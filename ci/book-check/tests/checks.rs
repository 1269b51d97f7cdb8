//! Each check, shown to pass on a small clean book and to fail, naming the
//! file, on a book broken in one place.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use book_check::{
    Mode, Options, Problem, Report, check, compare_output, normalize_durations,
    normalize_std_paths,
};
use tempfile::TempDir;

/// A small book in a temporary folder.
struct Book {
    dir: TempDir,
}

const CHAPTER: &str = "src/ch01-one.md";
const HELLO: &str = "listings/ch01-one/listing-01-01";
const SESSION: &str = "listings/ch01-one/listing-01-02";
const MOVED: &str = "listings/ch01-one/compile-fail/01-moved";

impl Book {
    fn empty() -> Book {
        let book = Book {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        book.write("book.toml", "[book]\ntitle = \"A Test Book\"\n");
        book
    }

    /// A book that passes every check (without running programs).
    fn clean() -> Book {
        let book = Book::empty();
        book.write("src/SUMMARY.md", "# Summary\n\n- [One](ch01-one.md)\n");
        book.write(
            CHAPTER,
            r#"# One

Links look like `{{#include path}}`, and \{{#include escaped.rs}} is escaped.

```rust
let x = 1;
assert_eq!(x + 1, 2);
```

<figure class="listing" id="listing-1-1">

```rust,ignore,mdbook-runnable
{{#rustdoc_include ../listings/ch01-one/listing-01-01/src/main.rs:main}}
```

</figure>

```console
{{#include ../listings/ch01-one/listing-01-01/output.txt}}
```

```rust,ignore
{{#include ../listings/ch01-one/listing-01-02/src/main.rs:2:3}}
```

```console
{{#include ../listings/ch01-one/listing-01-02/session.txt}}
```

```rust,ignore,does_not_compile
{{#include ../listings/ch01-one/compile-fail/01-moved/src/main.rs}}
```

```text
{{#include ../listings/ch01-one/compile-fail/01-moved/output.txt}}
```

~~~python
print("not Rust")
~~~

````markdown
```
an unlabeled fence inside an example is only text
```
````
"#,
        );
        book.write(
            &format!("{HELLO}/Cargo.toml"),
            "[package]\nname = \"listing-01-01\"\nversion = \"0.1.0\"\n\
             description = \"Says hello.\"\nedition = \"2024\"\n\n\
             [dependencies]\ntokio = \"1\"\n",
        );
        book.write(
            &format!("{HELLO}/src/main.rs"),
            "//! Says hello.\n\n// ANCHOR: main\nfn main() {\n    println!(\"hello\");\n}\n// ANCHOR_END: main\n",
        );
        book.write(
            &format!("{HELLO}/output.txt"),
            "$ cargo run -p listing-01-01\nhello\n",
        );
        book.write(
            &format!("{SESSION}/Cargo.toml"),
            "[package]\nname = \"listing-01-02\"\nversion = \"0.1.0\"\n\
             description = \"A session.\"\nedition = \"2024\"\n\n\
             [dependencies]\nrand = \"0.10\"\n",
        );
        book.write(
            &format!("{SESSION}/src/main.rs"),
            "fn main() {\n    println!(\"a session\");\n}\n\n#[test]\nfn session_is_current() {\n    \
             let session = include_str!(\"../session.txt\");\n    assert!(session.starts_with(\"$ nc\"));\n}\n",
        );
        book.write(
            &format!("{SESSION}/session.txt"),
            "$ nc 127.0.0.1 7000\nhello\n",
        );
        book.write(
            &format!("{MOVED}/Cargo.toml"),
            "[package]\nname = \"compile-fail-01-moved\"\nversion = \"0.1.0\"\n\
             description = \"A value used after a move.\"\nedition = \"2024\"\n",
        );
        book.write(
            &format!("{MOVED}/src/main.rs"),
            "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{s}{t}\");\n}\n",
        );
        book.write(
            &format!("{MOVED}/output.txt"),
            "$ cargo build\nerror[E0382]: borrow of moved value: `s`\n",
        );
        book
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().expect("a parent"))
            .expect("create folders");
        fs::write(path, text).expect("write fixture file");
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root().join(path)).expect("read fixture file")
    }

    /// Replaces `from` (which must be there) with `to` in a file.
    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} has no {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    fn options(&self, run_programs: bool) -> Options {
        let mut options = Options::for_root(self.root());
        options.run_programs = run_programs;
        options.target_dir = self.root().join("target");
        options.timeout = Duration::from_secs(2);
        options
    }

    /// The problems the checks that need no cargo find.
    fn problems(&self) -> Vec<Problem> {
        check(self.root(), &self.options(false)).problems
    }

    fn run(&self, mode: Mode) -> Report {
        let mut options = self.options(true);
        options.mode = mode;
        check(self.root(), &options)
    }
}

/// Asserts that one of `problems` is at `path` and says `needle`; returns it.
fn find<'a>(problems: &'a [Problem], path: &str, needle: &str) -> &'a Problem {
    problems
        .iter()
        .find(|p| p.path == Path::new(path) && p.message.contains(needle))
        .unwrap_or_else(|| {
            panic!("no problem at {path} saying {needle:?} in {problems:#?}")
        })
}

#[test]
fn a_clean_book_passes() {
    let book = Book::clean();
    let report = check(book.root(), &book.options(false));
    assert_eq!(report.problems, []);
    assert_eq!(
        (report.listings, report.includes, report.outputs),
        (3, 6, 3)
    );
}

#[test]
fn problems_print_as_path_line_message() {
    let problem = Problem {
        path: PathBuf::from("src/ch01-one.md"),
        line: 12,
        message: "wrong".into(),
    };
    assert_eq!(problem.to_string(), "src/ch01-one.md:12: wrong");
}

#[test]
fn a_missing_include_file_fails() {
    let book = Book::clean();
    book.edit(
        CHAPTER,
        "listing-01-02/src/main.rs:2:3",
        "listing-01-02/src/mian.rs:2:3",
    );
    let problems = book.problems();
    let problem = find(
        &problems,
        CHAPTER,
        "`../listings/ch01-one/listing-01-02/src/mian.rs` does not exist",
    );
    assert_eq!(problem.line, 23);
}

#[test]
fn a_missing_anchor_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "main.rs:main}}", "main.rs:mian}}");
    let problems = book.problems();
    let problem = find(&problems, CHAPTER, "anchor `mian` not found");
    assert_eq!(problem.line, 13);
}

#[test]
fn a_missing_anchor_end_fails() {
    let book = Book::clean();
    book.edit(&format!("{HELLO}/src/main.rs"), "// ANCHOR_END: main\n", "");
    find(&book.problems(), CHAPTER, "add `ANCHOR_END: main`");
}

#[test]
fn a_line_range_past_the_end_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "main.rs:2:3", "main.rs:2:30");
    find(&book.problems(), CHAPTER, "ends at line 30, but");
}

#[test]
fn an_unincluded_listing_fails() {
    let book = Book::clean();
    book.write(
        "listings/ch01-one/listing-01-03/Cargo.toml",
        "[package]\nname = \"listing-01-03\"\ndescription = \"Unused.\"\n",
    );
    find(
        &book.problems(),
        "listings/ch01-one/listing-01-03/Cargo.toml",
        "`listing-01-03` is not included by any chapter",
    );
}

#[test]
fn a_folder_without_a_manifest_fails() {
    let book = Book::clean();
    book.write(
        "listings/ch01-one/listing-01-03/src/main.rs",
        "fn main() {}\n",
    );
    find(
        &book.problems(),
        "listings/ch01-one/listing-01-03/Cargo.toml",
        "no readable Cargo.toml",
    );
}

#[test]
fn an_orphan_output_fails() {
    let book = Book::clean();
    book.write(
        &format!("{HELLO}/output-again.txt"),
        "$ cargo run -p listing-01-01\nhello\n",
    );
    find(
        &book.problems(),
        &format!("{HELLO}/output-again.txt"),
        "not included by any chapter",
    );
}

#[test]
fn an_unlabeled_fence_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "~~~python", "~~~");
    let problems = book.problems();
    let problem = find(&problems, CHAPTER, "label the fence");
    assert_eq!(problem.line, 38);
}

#[test]
fn inline_rust_with_ignore_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "```rust\nlet x", "```rust,ignore\nlet x");
    let problems = book.problems();
    let problem = find(
        &problems,
        CHAPTER,
        "inline Rust block must not carry `ignore`",
    );
    assert_eq!(problem.line, 5);
}

#[test]
fn included_rust_without_ignore_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "```rust,ignore\n{{#include", "```rust\n{{#include");
    find(&book.problems(), CHAPTER, "must carry `ignore`");
}

#[test]
fn rust_from_outside_the_listings_fails() {
    let book = Book::clean();
    book.write("src/snippet.rs", "fn main() {}\n");
    book.edit(
        CHAPTER,
        "```rust,ignore\n{{#include ../listings/ch01-one/listing-01-02/src/main.rs:2:3}}",
        "```rust,ignore\n{{#include snippet.rs}}",
    );
    find(&book.problems(), CHAPTER, "only files of listing crates");
}

#[test]
fn runnable_with_plain_include_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "{{#rustdoc_include ../", "{{#include ../");
    find(&book.problems(), CHAPTER, "must use {{#rustdoc_include");
}

#[test]
fn runnable_with_a_dependency_the_playground_lacks_fails() {
    let book = Book::clean();
    book.edit(
        &format!("{HELLO}/Cargo.toml"),
        "tokio = \"1\"\n",
        "tokio = \"1\"\nrand = \"0.10\"\n",
    );
    find(&book.problems(), CHAPTER, "listing-01-01 depends on `rand`");
    // The same dependency is fine where the block is not runnable.
    assert!(
        !book
            .problems()
            .iter()
            .any(|p| p.message.contains("listing-01-02"))
    );
}

#[test]
fn a_compile_fail_block_without_does_not_compile_fails() {
    let book = Book::clean();
    book.edit(CHAPTER, "```rust,ignore,does_not_compile", "```rust,ignore");
    find(
        &book.problems(),
        CHAPTER,
        "must carry `ignore` and `does_not_compile`",
    );
}

#[test]
fn a_package_name_unlike_its_folder_fails() {
    let book = Book::clean();
    book.edit(
        &format!("{HELLO}/Cargo.toml"),
        "name = \"listing-01-01\"",
        "name = \"hello\"",
    );
    let problems = book.problems();
    let problem = find(
        &problems,
        &format!("{HELLO}/Cargo.toml"),
        "package name `hello` must match its folder `listing-01-01`",
    );
    assert_eq!(problem.line, 2);
    // The output's command names a package that no longer exists.
    find(
        &problems,
        &format!("{HELLO}/output.txt"),
        "no listing crate is named `listing-01-01`",
    );
}

#[test]
fn a_listing_in_another_chapters_folder_fails() {
    let book = Book::clean();
    book.write(
        "listings/ch01-one/listing-02-01/Cargo.toml",
        "[package]\nname = \"listing-02-01\"\ndescription = \"Lost.\"\n",
    );
    find(
        &book.problems(),
        "listings/ch01-one/listing-02-01/Cargo.toml",
        "must start with the chapter's, 01",
    );
}

#[test]
fn a_listing_without_description_fails() {
    let book = Book::clean();
    book.edit(
        &format!("{HELLO}/Cargo.toml"),
        "description = \"Says hello.\"\n",
        "",
    );
    find(
        &book.problems(),
        &format!("{HELLO}/Cargo.toml"),
        "add a `description`",
    );
}

#[test]
fn a_transcript_no_test_reads_fails() {
    let book = Book::clean();
    book.edit(
        &format!("{SESSION}/src/main.rs"),
        "include_str!(\"../session.txt\")",
        "\"\"",
    );
    find(
        &book.problems(),
        &format!("{SESSION}/session.txt"),
        "must read this file with include_str!",
    );
}

#[test]
fn an_unsupported_run_command_fails() {
    let book = Book::clean();
    book.edit(
        &format!("{HELLO}/output.txt"),
        "listing-01-01\n",
        "listing-01-01 | sort\n",
    );
    find(
        &book.problems(),
        &format!("{HELLO}/output.txt"),
        "pipes, redirections",
    );
}

#[test]
fn outputs_compare_line_by_line() {
    assert_eq!(compare_output("a\nb\n", "a\nb", false), Ok(()));
    assert_eq!(compare_output("a  \nb\n\n", "a\nb\n", false), Ok(()));
    let mismatch = compare_output("a\nb\n", "a\nc\n", false).unwrap_err();
    assert_eq!(mismatch.line, 3);
    assert!(mismatch.diff.contains("- b\n    + c"), "{}", mismatch.diff);
}

#[test]
fn durations_are_normalized_when_asked() {
    let shown =
        "took 1.5s\nslept 12 ms, woke after 830ns\nstep 2.000101ms of 3µs\n";
    let now = "took 0.9s\nslept 12 ms, woke after 1.2µs\nstep 5ms of 3 us\n";
    assert!(compare_output(shown, now, false).is_err());
    assert_eq!(compare_output(shown, now, true), Ok(()));
    assert_eq!(
        normalize_durations("1.5s, 12 ms, 830ns, 7 µs, 4us"),
        "<duration>, <duration>, <duration>, <duration>, <duration>"
    );
    // A column padded to the width of its widest figure.
    assert_eq!(
        compare_output(
            "main memory    879.0ns\nL1     34.0ns  \n",
            "main memory      1.2ns\nL1  1034.0ns\n",
            true
        ),
        Ok(())
    );
    // Not durations: a count of things, hours, a word with digits in it.
    let untouched = "3 sockets, 12h 00m, h2s, 10 steps, 2 seconds";
    assert_eq!(normalize_durations(untouched), untouched);
    // The numbers that are not durations still count.
    assert!(
        compare_output("3 sockets in 1s", "4 sockets in 2s", true).is_err()
    );
}

/// A tiny std-only workspace with one listing, run for real.
fn workspace() -> Book {
    let book = Book::empty();
    book.write(
        "Cargo.toml",
        "[workspace]\nresolver = \"3\"\nmembers = [\"listings/*/*\"]\n",
    );
    book.write(
        CHAPTER,
        "# One\n\n```rust,ignore\n{{#include ../listings/ch01-one/listing-01-01/src/main.rs}}\n```\n\n\
         ```console\n{{#include ../listings/ch01-one/listing-01-01/output.txt}}\n```\n\n\
         ```console\n{{#include ../listings/ch01-one/listing-01-01/output-args.txt}}\n```\n\n\
         ```console\n{{#include ../listings/ch01-one/listing-01-01/output-fails.txt}}\n```\n\n\
         ```console\n{{#include ../listings/ch01-one/listing-01-01/output-fails-well.txt}}\n```\n\n\
         ```console\n{{#include ../listings/ch01-one/listing-01-01/output-sleeps.txt}}\n```\n\n\
         ```console\n{{#include ../listings/ch01-one/listing-01-01/output-leaves.txt}}\n```\n",
    );
    book.write(
        &format!("{HELLO}/Cargo.toml"),
        "[package]\nname = \"listing-01-01\"\nversion = \"0.1.0\"\n\
         description = \"Says hello.\"\nedition = \"2024\"\ndefault-run = \"listing-01-01\"\n\n\
         [package.metadata.book]\nnormalize = [\"durations\"]\n\n\
         [package.metadata.book.exit-status]\n\"output-fails-well.txt\" = 3\n",
    );
    book.write(
        &format!("{HELLO}/src/main.rs"),
        "fn main() {\n    let start = std::time::Instant::now();\n    \
         let args: Vec<String> = std::env::args().skip(1).collect();\n    \
         println!(\"hello {}\", args.join(\" \"));\n    eprintln!(\"to stderr\");\n    \
         println!(\"took {:?}\", start.elapsed());\n}\n",
    );
    book.write(
        &format!("{HELLO}/src/bin/fails.rs"),
        "fn main() {\n    eprintln!(\"something broke\");\n    std::process::exit(3);\n}\n",
    );
    book.write(
        &format!("{HELLO}/src/bin/sleeps.rs"),
        "fn main() {\n    std::thread::sleep(std::time::Duration::from_secs(60));\n}\n",
    );
    book.write(
        &format!("{HELLO}/output.txt"),
        "$ cargo run -p listing-01-01\nwrong\n",
    );
    book.write(
        &format!("{HELLO}/output-args.txt"),
        "$ cargo run -q -p listing-01-01 -- a 'b c'\nhello a b c\ntook 5ms\nto stderr\n",
    );
    book.write(
        &format!("{HELLO}/output-fails.txt"),
        "$ cargo run -p listing-01-01 --bin fails\n",
    );
    // The same program, where failing is the point: its status is declared.
    book.write(
        &format!("{HELLO}/output-fails-well.txt"),
        "$ cargo run -p listing-01-01 --bin fails\nsomething broke\n",
    );
    book.write(
        &format!("{HELLO}/output-sleeps.txt"),
        "$ cargo run -p listing-01-01 --bin sleeps\n",
    );
    // Exits at once, but leaves behind a process holding its output open.
    book.write(
        &format!("{HELLO}/src/bin/leaves.rs"),
        "fn main() {\n    if std::env::args().count() > 1 {\n        \
         std::thread::sleep(std::time::Duration::from_secs(10));\n    } else {\n        \
         let me = std::env::current_exe().unwrap();\n        \
         std::process::Command::new(me).arg(\"child\").spawn().unwrap();\n    }\n}\n",
    );
    book.write(
        &format!("{HELLO}/output-leaves.txt"),
        "$ cargo run -p listing-01-01 --bin leaves\n",
    );
    book
}

#[test]
fn outputs_are_run_compared_and_blessed() {
    let book = workspace();
    let output = format!("{HELLO}/output.txt");

    let report = book.run(Mode::Check);
    let problems = &report.problems;
    let mismatch = find(
        problems,
        &output,
        "differs from what `cargo run -p listing-01-01` prints",
    );
    assert_eq!(mismatch.line, 2);
    assert!(
        mismatch.message.contains("    - wrong\n    + hello"),
        "{mismatch}"
    );
    find(
        problems,
        &format!("{HELLO}/output-fails.txt"),
        "exit status: 3",
    );
    find(
        problems,
        &format!("{HELLO}/output-fails.txt"),
        "something broke",
    );
    find(problems, &format!("{HELLO}/output-sleeps.txt"), "timed out");
    find(problems, &format!("{HELLO}/output-leaves.txt"), "timed out");
    assert_eq!(
        problems.len(),
        4,
        "output-args.txt and output-fails-well.txt match: {problems:#?}"
    );
    assert_eq!(report.outputs, 6);

    let report = book.run(Mode::Bless);
    assert_eq!(report.blessed, [PathBuf::from(&output)]);
    let blessed = book.read(&output);
    assert!(
        blessed.starts_with("$ cargo run -p listing-01-01\nhello\ntook ")
            && blessed.ends_with("\nto stderr\n"),
        "{blessed}"
    );
    assert_eq!(report.problems.len(), 3, "{:#?}", report.problems);

    // Without the three broken programs, the book is clean.
    for name in ["fails", "sleeps", "leaves"] {
        let include = format!(
            "```console\n{{{{#include ../{HELLO}/output-{name}.txt}}}}\n```\n"
        );
        book.edit(CHAPTER, &include, "");
        fs::remove_file(book.root().join(format!("{HELLO}/output-{name}.txt")))
            .unwrap();
    }
    let report = book.run(Mode::Check);
    assert_eq!(report.problems, []);
    assert_eq!(book.read(&output), blessed, "checking writes nothing");
}

#[test]
fn compile_fail_errors_are_compared() {
    let book = Book::empty();
    book.write(
        CHAPTER,
        "# One\n\n```rust,ignore,does_not_compile\n{{#include ../listings/ch01-one/compile-fail/01-moved/src/main.rs}}\n```\n\n\
         ```text\n{{#include ../listings/ch01-one/compile-fail/01-moved/output.txt}}\n```\n\n\
         ```rust,ignore,does_not_compile\n{{#include ../listings/ch01-one/compile-fail/02-fine/src/main.rs}}\n```\n\n\
         ```text\n{{#include ../listings/ch01-one/compile-fail/02-fine/output.txt}}\n```\n",
    );
    for (dir, name, main) in [
        (
            MOVED,
            "moved",
            "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{s}{t}\");\n}\n",
        ),
        (
            "listings/ch01-one/compile-fail/02-fine",
            "fine",
            "fn main() {}\n",
        ),
    ] {
        book.write(
            &format!("{dir}/Cargo.toml"),
            &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\ndescription = \"Fails.\"\nedition = \"2024\"\n"),
        );
        book.write(&format!("{dir}/src/main.rs"), main);
        book.write(
            &format!("{dir}/output.txt"),
            "$ cargo build\nerror[E0000]: not this\n",
        );
    }
    // The workspace's lock file is lent to the crate while it builds.
    book.write("Cargo.lock", "version = 4\n");
    let output = format!("{MOVED}/output.txt");

    let problems = book.run(Mode::Check).problems;
    let mismatch =
        find(&problems, &output, "differs from what `cargo build` prints");
    assert!(
        mismatch.message.contains("    - error[E0000]: not this"),
        "{mismatch}"
    );
    assert!(
        mismatch
            .message
            .contains("    + error[E0382]: borrow of moved value: `s`"),
        "{mismatch}"
    );
    assert!(
        !mismatch.message.contains("could not compile"),
        "{mismatch}"
    );
    find(
        &problems,
        "listings/ch01-one/compile-fail/02-fine/output.txt",
        "compiles: it must fail",
    );
    assert!(
        !book.root().join(MOVED).join("Cargo.lock").exists(),
        "no lock file is left behind"
    );

    let report = book.run(Mode::Bless);
    assert_eq!(report.blessed, [PathBuf::from(&output)]);
    let blessed = book.read(&output);
    assert!(
        blessed.starts_with(
            "$ cargo build\nerror[E0382]: borrow of moved value: `s`\n"
        ),
        "{blessed}"
    );
    assert!(
        blessed.contains(" --> src/main.rs:4:"),
        "paths are relative to the crate: {blessed}"
    );
    // Keeping cargo's closing line, as a terminal shows it, is allowed.
    book.write(
        &output,
        &format!("{blessed}\nerror: could not compile `moved` (bin \"moved\") due to 1 previous error\n"),
    );
    let problems = book.run(Mode::Check).problems;
    assert!(
        !problems.iter().any(|p| p.path == Path::new(&output)),
        "{problems:#?}"
    );
}

#[test]
fn paths_into_the_standard_library_compare_across_releases() {
    let older = "note: `into_iter` takes ownership\n  --> /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/iter/traits/collect.rs:312:17\n";
    let newer = "note: `into_iter` takes ownership\n  --> /rustc/0123456789abcdef0123456789abcdef01234567/library/core/src/iter/traits/collect.rs:320:9\n";
    assert_eq!(compare_output(older, newer, false), Ok(()));
    // Another file, or another message, still differs.
    let moved = newer.replace("collect.rs", "range.rs");
    assert!(compare_output(older, &moved, false).is_err());
    assert_eq!(
        normalize_std_paths("--> src/main.rs:10:30"),
        "--> src/main.rs:10:30"
    );
}

#[test]
fn paths_into_the_cargo_registry_compare_across_machines() {
    let here = "note: required by a bound in `spawn`\n   --> /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tokio-1.54.1/src/task/spawn.rs:169:21\n";
    let ci = "note: required by a bound in `spawn`\n   --> /home/runner/.cargo/registry/src/index.crates.io-6f17d22bba15001f/tokio-1.54.1/src/task/spawn.rs:169:21\n";
    assert_eq!(compare_output(here, ci, false), Ok(()));
    // Another version of the crate (Cargo.lock pins it) still differs.
    let bumped = ci.replace("tokio-1.54.1", "tokio-1.55.0");
    assert!(compare_output(here, &bumped, false).is_err());
}

#[test]
fn an_anchor_opened_twice_fails() {
    let book = Book::clean();
    let main = format!("{HELLO}/src/main.rs");
    book.edit(
        &main,
        "// ANCHOR_END: main\n",
        "// ANCHOR_END: main\n\n// ANCHOR: main\nfn more() {}\n// ANCHOR_END: main\n",
    );
    let problems = book.problems();
    let problem = find(&problems, &main, "anchor `main` opens a second time");
    assert_eq!(problem.line, 9);
    assert!(problem.message.contains("first at line 3"), "{problem}");
}

#[test]
fn an_anchor_marker_in_a_string_literal_fails() {
    let book = Book::clean();
    let main = format!("{HELLO}/src/main.rs");
    // The test of Listing 3-2 that reopened its anchor, in small.
    book.edit(
        &main,
        "// ANCHOR_END: main\n",
        "// ANCHOR_END: main\n\n#[test]\nfn finds_the_anchor() {\n    \
         let source = include_str!(\"main.rs\");\n    \
         assert!(source.contains(\"// ANCHOR: main\"));\n    \
         assert!(source.contains(r#\"ANCHOR_END: main\"#));\n}\n",
    );
    let problems = book.problems();
    let in_string = |line| {
        problems.iter().any(|p| {
            p.path == Path::new(&main)
                && p.line == line
                && p.message.contains("sits inside a string literal")
        })
    };
    assert!(in_string(12) && in_string(13), "{problems:#?}");
    find(&problems, &main, "anchor `main` opens a second time");
    find(
        &problems,
        &main,
        "`ANCHOR_END: main` closes an anchor that is not open",
    );

    // Spelled in two pieces, the text no longer reads as a marker, and a
    // marker in a comment is still a marker.
    book.edit(
        &main,
        "\"// ANCHOR: main\"",
        "concat!(\"// ANCHOR\", \": main\")",
    );
    book.edit(&main, "r#\"ANCHOR_END: main\"#", "\"ANCHOR_END\"");
    assert_eq!(book.problems(), []);
}

/// A book whose second chapter is a draft, and a chapter that mentions it.
fn with_a_draft() -> Book {
    let book = Book::clean();
    book.write(
        "src/SUMMARY.md",
        "# Summary\n\n[Intro](intro.md)\n\n# Part I\n\n- [One](ch01-one.md)\n  - [A Section](ch01-section.md)\n\n\
         # Part II\n\n- [Two]()\n- [Three](ch03-three.md)\n\n---\n\n[Appendix](appendix.md)\n",
    );
    book.write(
        "src/ch03-three.md",
        "# Three\n\n\
         Chapter 1 started it and [chapter 1](ch01-one.md#one) ends it; see the\n\
         [appendix](appendix.html) and the [printed book](print.html).\n\n\
         `chapter 2` in code is no reference, nor is Python 3.9 or a\n\
         chapter of Fluent Python, and its chapter 2 <!-- book-check: another book --> is theirs.\n\n\
         ```text\nchapter 2 inside a block\n```\n\n\
         <!-- chapter 2, commented out -->\n",
    );
    book
}

#[test]
fn references_to_written_chapters_pass() {
    let book = with_a_draft();
    assert_eq!(book.problems(), []);
}

#[test]
fn a_reference_to_a_draft_chapter_by_number_fails() {
    let book = with_a_draft();
    let three = "src/ch03-three.md";
    book.edit(
        three,
        "# Three\n",
        "# Three\n\nAs chapter 2 shows, and Chapters 1 and 2 and chapters 1 to 3\n\
         say, and chapter\n2 across a line, and chapter 7, which there is not.\n",
    );
    let problems = book.problems();
    let at = |line: usize, needle: &str| {
        let p = find(&problems, three, needle);
        assert!(
            problems.iter().any(|p| p.path == Path::new(three)
                && p.line == line
                && p.message.contains(needle)),
            "no {needle:?} at line {line}: {p}"
        );
    };
    at(3, "\"chapter 2\" refers to chapter 2 (Two), a draft");
    at(3, "\"Chapters 1 and 2\" refers to chapter 2 (Two)");
    at(3, "\"chapters 1 to 3\" refers to chapter 2 (Two)");
    at(4, "\"chapter 2\" refers to chapter 2");
    at(5, "the book has no chapter 7 (SUMMARY.md numbers 1 to 3)");
    assert_eq!(problems.len(), 5, "{problems:#?}");

    // The rule reads SUMMARY.md: once chapter 2 has a link, all is well but
    // the chapter that does not exist.
    book.edit("src/SUMMARY.md", "- [Two]()", "- [Two](ch02-two.md)");
    let problems = book.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    find(&problems, three, "no chapter 7");
}

#[test]
fn a_link_to_a_draft_chapter_fails() {
    let book = with_a_draft();
    let three = "src/ch03-three.md";
    book.edit(
        three,
        "# Three\n",
        "# Three\n\nSee [Two](ch02-two.md#start), [the page](./ch02-two.html),\n\
         <a href=\"ch02-two.html\">this</a> and [that][two].\n\n\
         [two]: ch02-two.md\n",
    );
    let problems = book.problems();
    let lines: Vec<usize> = problems
        .iter()
        .filter(|p| {
            p.path == Path::new(three)
                && p.message.contains("which is not a written chapter")
        })
        .map(|p| p.line)
        .collect();
    assert_eq!(lines, [3, 3, 4, 6], "{problems:#?}");
    assert_eq!(problems.len(), 4, "{problems:#?}");

    // The README is held to the same rule, its links read from the root.
    book.write(
        "README.md",
        "# A Test Book\n\n[Chapter 3](src/ch03-three.md) is written;\n\
         [chapter 2](src/ch02-two.md) is not.\n",
    );
    let problems = book.problems();
    let readme: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.path == Path::new("README.md"))
        .collect();
    assert_eq!(readme.len(), 2, "{readme:#?}");
    assert!(readme.iter().all(|p| p.line == 4), "{readme:#?}");
}

#[test]
fn a_caption_that_says_locally_twice_fails() {
    let book = Book::clean();
    book.edit(
        CHAPTER,
        "</figure>",
        "<figcaption>\n\n**Listing 1-1:** Says hello (runs locally, offline;\n\
         locally: `cargo run -p listing-01-01`)\n\n</figcaption>\n</figure>",
    );
    let problems = book.problems();
    let problem = find(&problems, CHAPTER, "says \"locally\" twice");
    assert_eq!(problem.line, 18);
    book.edit(CHAPTER, "offline;\nlocally:", "offline:");
    assert_eq!(book.problems(), []);
}

#[test]
fn a_listing_longer_than_30_shown_lines_fails() {
    let book = Book::clean();
    let main = format!("{HELLO}/src/main.rs");
    let body = |shown: usize| {
        let mut body = String::new();
        for i in 2..shown {
            body.push_str(&format!("    println!(\"line {i}\");\n"));
        }
        body
    };
    // 30 shown lines, with many more hidden around them: fine.
    let file = format!(
        "//! Says hello.\n{}\n// ANCHOR: main\nfn main() {{\n{}}}\n// ANCHOR_END: main\n{}",
        "// a hidden line\n".repeat(40),
        body(30),
        "// another hidden line\n".repeat(40),
    );
    book.write(&main, &file);
    assert_eq!(book.problems(), []);

    // One more line is too many.
    book.write(
        &main,
        &file.replace("fn main() {\n", "fn main() {\n    let one_more = ();\n"),
    );
    let problems = book.problems();
    let problem = find(
        &problems,
        CHAPTER,
        "this listing shows 31 lines, more than 30",
    );
    assert_eq!(problem.line, 12);

    // A deliberate exception says why; one without a reason does not count.
    book.edit(
        CHAPTER,
        "\n```rust,ignore,mdbook-runnable",
        "<!-- book-check: long listing: -->\n\n```rust,ignore,mdbook-runnable",
    );
    find(
        &book.problems(),
        CHAPTER,
        "say why this listing may be long",
    );
    book.edit(
        CHAPTER,
        "long listing: -->",
        "long listing: the whole protocol on one screen -->",
    );
    assert_eq!(book.problems(), []);
}
