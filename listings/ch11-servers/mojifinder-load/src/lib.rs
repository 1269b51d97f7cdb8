//! What the load client and the constant-answer servers share: the query
//! mix.

/// The queries every client cycles through, each starting at a different
/// one: answers from 3 characters (`snow`) to 194 (`face`).
pub const QUERIES: &[&str] = &[
    "cat face",
    "chess",
    "arrow black",
    "moon",
    "heart",
    "snow",
    "latin small letter e",
    "face",
];
