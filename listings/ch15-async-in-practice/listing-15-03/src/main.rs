//! Twenty pages from Listing 15-1's server, fetched by one thread, then by
//! ten, with blocking sockets: for ten waits at a time, threads overlap
//! the waits as well as tasks do.

use listing_15_01::{byte_sum, measure};
use listing_15_03::{fetch_all, start_server};

// ANCHOR: main
fn main() -> std::io::Result<()> {
    let (_server, addr) = start_server()?;
    let (one, sum_one) = fetch_all(addr, 20, 1);
    let (ten, sum_ten) = fetch_all(addr, 20, 10);
    let tasks = measure(20, 10, byte_sum);
    assert!(
        sum_one == sum_ten && sum_ten == tasks.checksum,
        "same pages"
    );
    println!("{:<28}{:>10.1?}", "20, one thread", one);
    println!("{:<28}{:>10.1?}", "20, ten threads", ten);
    println!("{:<28}{:>10.1?}", "20, ten tasks (15-1)", tasks.wall);
    let faster = one.as_secs_f64() / ten.as_secs_f64() >= 3.0;
    println!("ten threads at least 3x faster: {}", yes(faster));
    Ok(())
}
// ANCHOR_END: main

fn yes(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}
