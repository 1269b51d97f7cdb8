//! Twenty pages from a server that waits 50 ms before each answer, fetched
//! one at a time and then ten at a time. Prints both clocks for each run,
//! and whether ten at a time was at least three times faster.

use listing_15_01::{byte_sum, measure};

// ANCHOR: main
fn main() {
    println!("{:<28}{:>10}{:>10}", "pages fetched", "wall", "CPU");
    let one = measure(20, 1, byte_sum);
    println!(
        "{:<28}{:>10.1?}{:>10.1?}",
        "20, one at a time", one.wall, one.cpu
    );
    let ten = measure(20, 10, byte_sum);
    println!(
        "{:<28}{:>10.1?}{:>10.1?}",
        "20, ten at a time", ten.wall, ten.cpu
    );
    assert_eq!(one.checksum, ten.checksum, "the same pages either way");
    let faster = one.wall.as_secs_f64() / ten.wall.as_secs_f64() >= 3.0;
    println!("ten at a time at least 3x faster: {}", yes(faster));
    let idle = one.cpu * 4 < one.wall && ten.cpu * 4 < ten.wall;
    println!("CPU time under a quarter of wall time: {}", yes(idle));
}
// ANCHOR_END: main

fn yes(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}
