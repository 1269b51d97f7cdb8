//! site-check: checks the built book as a reader's browser will meet it.
//!
//! ```text
//! site-check links DIR [--site-url /async-rust-book/] [--external] [--fetch-external]
//! site-check weight DIR --budget ci/page-budget.toml [--site-url ...] [--fonts FILE]
//! ```
//!
//! `links` checks, offline, that every internal URL in every page (`href` and
//! `src` of `<a>`, `<link>`, `<script>`, `<img>` and the like) names a file
//! of the site and that every `#fragment` names an id in its page. Pages are
//! resolved at the address they will have once deployed (`--site-url`), so a
//! link that only works from the site's root is caught, and the `<base
//! href>` of mdBook's 404 page is honoured. Links to other hosts are listed
//! with `--external` and fetched only with `--fetch-external`.
//!
//! `weight` prints the bytes each page loads, with and without its
//! diagrams, and fails when a page is over the budget the budget file gives
//! it or its diagrams add more than the budget allows.
//!
//! Both exit with status 1 and one line per problem, naming the page.

mod links;
mod site;
#[cfg(test)]
mod testing;
mod weight;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::site::Site;

#[derive(Parser)]
#[command(
    about = "Checks the built book: links and fragments, and page weight"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every internal link and #fragment of the built site, offline.
    Links {
        /// The built site (mdbook's output folder).
        dir: PathBuf,
        /// The path the site is served from (book.toml's site-url).
        #[arg(long, default_value = "/")]
        site_url: String,
        /// Also list every link to another host, with the pages that use it.
        #[arg(long)]
        external: bool,
        /// Also fetch every link to another host (needs the network).
        #[arg(long)]
        fetch_external: bool,
    },
    /// Report the bytes each page loads and hold them against a budget.
    Weight {
        /// The built site (mdbook's output folder).
        dir: PathBuf,
        /// The budget file.
        #[arg(long)]
        budget: PathBuf,
        /// The path the site is served from (book.toml's site-url).
        #[arg(long, default_value = "/")]
        site_url: String,
        /// The fonts each page uses, measured in a browser
        /// (ci/node/page-fonts.mjs); without it every font the stylesheets
        /// name is counted.
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("site-check: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command; `Ok(false)` when it found problems.
fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Links {
            dir,
            site_url,
            external,
            fetch_external,
        } => {
            let site = Site::new(&dir, &site_url)?;
            let report = links::check(&site)?;
            if external || fetch_external {
                println!("external links ({}):", report.external.len());
                for (url, pages) in &report.external {
                    let pages: Vec<_> =
                        pages.iter().map(String::as_str).collect();
                    println!("  {url}  ({})", pages.join(", "));
                }
            }
            let mut errors = report.errors;
            if fetch_external {
                errors.extend(links::fetch_external(&report.external));
            } else {
                println!(
                    "{} external links not fetched (--fetch-external fetches them)",
                    report.external.len()
                );
            }
            for e in &errors {
                println!("broken: {e}");
            }
            println!(
                "links: {} pages, {} links, {} broken",
                report.pages,
                report.links,
                errors.len()
            );
            Ok(errors.is_empty())
        }
        Command::Weight {
            dir,
            budget,
            site_url,
            fonts,
        } => {
            let site = Site::new(&dir, &site_url)?;
            let budget = weight::Budget::read(&budget)?;
            let fonts =
                fonts.as_deref().map(weight::Fonts::read).transpose()?;
            let report = weight::check(&site, &budget, fonts.as_ref())?;
            print!("{}", weight::table(&report, fonts.is_some()));
            for e in &report.errors {
                println!("problem: {e}");
            }
            println!(
                "page weight: {} pages, {} problems",
                report.rows.len(),
                report.errors.len()
            );
            Ok(report.errors.is_empty())
        }
    }
}
