//! The async fn and the enum by hand print the same lines: run the program
//! and compare the two halves of its output.

use std::process::Command;

#[test]
fn the_async_fn_and_the_enum_print_the_same() {
    let output = Command::new(env!("CARGO_BIN_EXE_listing-05-08"))
        .output()
        .expect("the listing runs");
    let text = String::from_utf8(output.stdout).unwrap();
    let (compiler, by_hand) = text
        .split_once("-- the enum by hand --\n")
        .expect("two halves");
    let compiler = compiler.trim_start_matches("-- the async fn --\n");
    assert!(compiler.contains("ferris: hello"));
    assert_eq!(compiler, by_hand);
}
