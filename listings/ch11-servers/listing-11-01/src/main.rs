//! Builds the character index once, reports how long that took, and prints
//! the characters whose names contain every word given on the command line.

use std::io::{self, Write};
use std::time::Instant;

use charindex::CharIndex;

// ANCHOR: main
fn main() -> io::Result<()> {
    let query = std::env::args().skip(1).collect::<Vec<_>>().join(" ");

    let start = Instant::now();
    let index = CharIndex::new();
    let took = start.elapsed();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "indexed {} characters under {} words in {took:.1?}",
        index.len(),
        index.words(),
    )?;

    let found = index.search(&query);
    for &c in &found {
        let name = charindex::name(c).unwrap_or_default();
        writeln!(out, "U+{:04X}\t{c}\t{name}", u32::from(c))?;
    }
    writeln!(out, "{} found for {query:?}", found.len())?;
    Ok(())
}
// ANCHOR_END: main
