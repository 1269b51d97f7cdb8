//! site-check: being written.

fn main() {}
