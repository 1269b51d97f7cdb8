//! book-check: being written.

fn main() {}
