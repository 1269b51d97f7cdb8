//! A computing step for Listing 15-1's pages: a digest that hashes each
//! page `ROUNDS` times over, standing in for parsing, hashing a password,
//! compressing: work that keeps a core busy and never waits.

use std::hash::{DefaultHasher, Hash, Hasher};

// ANCHOR: digest
/// How many times `digest` hashes each page: enough to take tens of
/// milliseconds in a debug build.
pub const ROUNDS: u32 = 300;

/// Hashes the page `ROUNDS` times, each round over the page and the last
/// round's hash, so no round can be skipped.
pub fn digest(page: &[u8]) -> u64 {
    let mut hash = 0;
    for _ in 0..ROUNDS {
        let mut hasher = DefaultHasher::new();
        hash.hash(&mut hasher);
        page.hash(&mut hasher);
        hash = hasher.finish();
    }
    hash
}
// ANCHOR_END: digest
