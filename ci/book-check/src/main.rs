//! The book checker's command line.
//!
//! ```text
//! book-check [check]   check the book; exit 1 listing every problem
//! book-check bless     rewrite the shown outputs that differ, then check
//! book-check --no-run  (either mode) skip building and running programs
//! book-check --only TEXT  (either mode) run only the outputs whose path
//!                     contains TEXT (`--only ch06`, `--only listing-08-04`)
//! ```
//!
//! It finds the repository root itself (the nearest folder at or above the
//! current one with a `book.toml`). Problems are printed as `path:line:
//! message`, paths relative to the root. See the library for the checks.

use std::process::ExitCode;

use book_check::{Mode, Options, check, find_root};

const USAGE: &str =
    "usage: book-check [check | bless] [--no-run] [--only TEXT]";

fn main() -> ExitCode {
    let mut mode = Mode::Check;
    let mut run_programs = true;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => match args.next() {
                Some(text) => only = Some(text),
                None => {
                    eprintln!("book-check: --only needs a text\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "check" => mode = Mode::Check,
            "bless" | "--bless" => mode = Mode::Bless,
            "--no-run" => run_programs = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("book-check: unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            eprintln!("book-check: cannot read the current directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(root) = find_root(&cwd) else {
        eprintln!(
            "book-check: no book.toml in {} or any folder above it",
            cwd.display()
        );
        return ExitCode::FAILURE;
    };
    let mut options = Options::for_root(&root);
    options.mode = mode;
    options.run_programs = run_programs;
    options.only = only;

    let report = check(&root, &options);
    for file in &report.blessed {
        println!("blessed {}", file.display());
    }
    if mode == Mode::Bless && report.blessed.is_empty() && run_programs {
        println!("book-check: every output already matches");
    }
    if report.problems.is_empty() {
        println!(
            "book-check: {} listings, {} includes, {} outputs: all good",
            report.listings, report.includes, report.outputs
        );
        return ExitCode::SUCCESS;
    }
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    let n = report.problems.len();
    eprintln!(
        "book-check: {n} problem{} ({} listings, {} includes, {} outputs)",
        if n == 1 { "" } else { "s" },
        report.listings,
        report.includes,
        report.outputs
    );
    ExitCode::FAILURE
}
