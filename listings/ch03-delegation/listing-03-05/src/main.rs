//! Recursive delegation: a walker over a table of contents that delegates
//! to a walker per child section. The inner walker is boxed, which gives
//! the type a finite size.

// ANCHOR: section
/// A section of a table of contents, with the sections under it.
struct Section {
    title: &'static str,
    children: Vec<Section>,
}
// ANCHOR_END: section

// ANCHOR: walk
/// `yield depth, title; for child in children: yield from walk(child)`.
enum Walk<'a> {
    Created {
        section: &'a Section,
        depth: usize,
    },
    Delegating {
        section: &'a Section,
        depth: usize,
        index: usize,         // which child is being walked
        inner: Box<Walk<'a>>, // that child's walker, on the heap
    },
    Done,
}

// ANCHOR_END: walk

// ANCHOR: child
impl<'a> Walk<'a> {
    fn new(section: &'a Section) -> Self {
        Walk::Created { section, depth: 0 }
    }

    /// The top of the `for` loop: start on child `index`, or finish.
    fn child(section: &'a Section, depth: usize, index: usize) -> Self {
        match section.children.get(index) {
            Some(child) => {
                let inner = Walk::Created {
                    section: child,
                    depth: depth + 1,
                };
                let inner = Box::new(inner);
                Walk::Delegating {
                    section,
                    depth,
                    index,
                    inner,
                }
            }
            None => Walk::Done,
        }
    }
}
// ANCHOR_END: child

// ANCHOR: next
impl<'a> Iterator for Walk<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self {
                Walk::Created { section, depth } => {
                    let (section, depth) = (*section, *depth);
                    *self = Walk::child(section, depth, 0);
                    return Some((depth, section.title));
                }
                Walk::Delegating {
                    section,
                    depth,
                    index,
                    inner,
                } => match inner.next() {
                    Some(item) => return Some(item),
                    None => *self = Walk::child(section, *depth, *index + 1),
                },
                Walk::Done => return None,
            }
        }
    }
}
// ANCHOR_END: next

fn leaf(title: &'static str) -> Section {
    Section {
        title,
        children: Vec::new(),
    }
}

// ANCHOR: main
fn main() {
    let book = Section {
        title: "Part I: By Hand",
        children: vec![
            leaf("Iterators and Iterables"),
            Section {
                title: "Generators by Hand",
                children: vec![leaf("Sending Values In"), leaf("Summary")],
            },
            Section {
                title: "Delegation",
                children: vec![leaf("Delegation in Both Directions")],
            },
        ],
    };
    for (depth, title) in Walk::new(&book) {
        println!("{:indent$}{title}", "", indent = 2 * depth);
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// The same walk, written with plain recursion.
    fn expected<'a>(
        section: &'a Section,
        depth: usize,
        out: &mut Vec<(usize, &'a str)>,
    ) {
        out.push((depth, section.title));
        for child in &section.children {
            expected(child, depth + 1, out);
        }
    }

    fn deep(levels: usize) -> Section {
        let mut section = leaf("bottom");
        for _ in 0..levels {
            section = Section {
                title: "level",
                children: vec![section, leaf("side")],
            };
        }
        section
    }

    #[test]
    fn walks_in_the_same_order_as_plain_recursion() {
        for levels in [0, 1, 2, 7] {
            let tree = deep(levels);
            let mut want = Vec::new();
            expected(&tree, 0, &mut want);
            let got: Vec<_> = Walk::new(&tree).collect();
            assert_eq!(got, want, "{levels} levels");
        }
    }

    #[test]
    fn a_single_section_yields_itself_then_stops() {
        let only = leaf("only");
        let mut walk = Walk::new(&only);
        assert_eq!(walk.next(), Some((0, "only")));
        assert_eq!(walk.next(), None);
        assert_eq!(walk.next(), None);
    }
}
