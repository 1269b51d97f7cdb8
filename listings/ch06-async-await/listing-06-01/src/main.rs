//! What calling an `async fn` gives back: a future that has not started.

use executor_extras::block_on;
use std::any::type_name_of_val;
use std::future::Future;
use std::io;

// ANCHOR: greet
async fn greet(name: String) -> String {
    println!("  greet({name:?}) starts");
    format!("hello, {name}")
}

/// The same function with its type spelled out: a plain `fn` whose body
/// is an `async` block, the future it returns. (Clippy would have us
/// write it as an `async fn`, which is the point.)
#[allow(clippy::manual_async_fn)]
fn greet_spelled_out(name: String) -> impl Future<Output = String> {
    async move {
        println!("  greet_spelled_out({name:?}) starts");
        format!("hello, {name}")
    }
}
// ANCHOR_END: greet

// ANCHOR: main
fn main() -> io::Result<()> {
    let future = greet("ferris".to_string());
    println!("greet returned a {}", type_name_of_val(&future));
    println!("its size is {} bytes", size_of_val(&future));
    println!("nothing ran yet; now block_on polls it:");
    let greeting = block_on(future)?;
    println!("block_on gave back {greeting:?}");

    let spelled_out = greet_spelled_out("corro".to_string());
    println!(
        "greet_spelled_out returned a {}",
        type_name_of_val(&spelled_out)
    );
    println!("block_on gave back {:?}", block_on(spelled_out)?);

    drop(greet("nobody".to_string())); // dropped unpolled: prints nothing
    println!("the future for \"nobody\" was dropped without a poll");
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_give_the_same_greeting() {
        let name = || "ferris".to_string();
        assert_eq!(block_on(greet(name())).unwrap(), "hello, ferris");
        assert_eq!(
            block_on(greet_spelled_out(name())).unwrap(),
            "hello, ferris"
        );
    }
}
