//! Prints the table of Listing 9-1: the ticker's lateness alone and beside
//! each blocking neighbour, on both runtimes. Durations change from run to
//! run; the tests check them against bounds.

use std::time::Duration;

use listing_09_01::{Flavor, Neighbour, measure, print_table};

// ANCHOR: main
fn main() {
    let run_for = Duration::from_millis(500);
    let mut rows = Vec::new();
    for flavor in [Flavor::CurrentThread, Flavor::MultiThread] {
        for kind in Neighbour::ALL {
            rows.push(measure(flavor, kind, run_for));
        }
    }
    print_table(&rows);
}
// ANCHOR_END: main
