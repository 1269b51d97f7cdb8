//! Does not compile: `for name in names` takes the `Vec` by value, so it is
//! gone after the loop.

// ANCHOR: here
fn main() {
    let names = vec![String::from("Ada"), String::from("Boris")];
    for name in names {
        println!("{name}");
    }
    println!("{} opponents", names.len()); // names was moved
}
// ANCHOR_END: here
