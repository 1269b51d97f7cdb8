//! Does not compile: a tree walker that delegates to a walker of its own
//! type for each child, holding it inline, has no finite size.

/// A section of a table of contents, with the sections under it.
pub struct Section {
    pub title: &'static str,
    pub children: Vec<Section>,
}

// ANCHOR: here
/// `yield title; for child in children: yield from walk(child)`, by hand.
pub enum Walk<'a> {
    Created {
        section: &'a Section,
    },
    Delegating {
        section: &'a Section,
        index: usize,    // which child we are walking
        inner: Walk<'a>, // the walker of that child, stored inline
    },
    Done,
}
// ANCHOR_END: here

fn main() {}
