//! Listing 15-1's two runs again, with every page digested as it arrives.
//! Prints both clocks for each run, and what ten at a time changed.

use listing_15_01::{byte_sum, measure};
use listing_15_02::digest;

// ANCHOR: main
fn main() {
    println!("{:<28}{:>10}{:>10}", "pages fetched", "wall", "CPU");
    let rows = [
        ("20, one at a time", measure(20, 1, byte_sum)),
        ("20, ten at a time", measure(20, 10, byte_sum)),
        ("20 + digest, one at a time", measure(20, 1, digest)),
        ("20 + digest, ten at a time", measure(20, 10, digest)),
    ];
    for (name, run) in &rows {
        println!("{name:<28}{:>10.1?}{:>10.1?}", run.wall, run.cpu);
    }
    let (one, ten) = (rows[0].1, rows[1].1);
    let faster = one.wall.as_secs_f64() / ten.wall.as_secs_f64() >= 3.0;
    println!("fetch only, ten at a time 3x faster: {}", yes(faster));
    let (one, ten) = (rows[2].1, rows[3].1);
    let same = ten.cpu.abs_diff(one.cpu) * 3 <= one.cpu;
    println!("digest, ten at a time, CPU within a third: {}", yes(same));
    let bound = ten.wall >= ten.cpu;
    println!("digest, ten at a time, wall >= CPU: {}", yes(bound));
}
// ANCHOR_END: main

fn yes(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}
