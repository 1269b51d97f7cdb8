//! Delegation by hand, values out only: a `Cookbook` generator that yields a
//! title per recipe and then everything its inner `Numbered` generator yields,
//! like Python's `yield from numbered(lines)`.

/// Chapter 2's `Numbered` generator, unchanged: the inner machine.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumberedState {
    Created,
    AfterBegin,
    InLoop { number: usize },
    AfterEnd,
    Done,
}

#[derive(Debug)]
struct Numbered<'a> {
    lines: &'a [&'a str],
    state: NumberedState,
}

impl<'a> Numbered<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        Numbered {
            lines,
            state: NumberedState::Created,
        }
    }
}

impl Iterator for Numbered<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let step = |number: usize| match self.lines.get(number - 1) {
            Some(line) => (
                NumberedState::InLoop { number },
                format!("{number}. {line}"),
            ),
            None => (NumberedState::AfterEnd, "END".to_string()),
        };
        let (state, item) = match self.state {
            NumberedState::Created => {
                (NumberedState::AfterBegin, "BEGIN".to_string())
            }
            NumberedState::AfterBegin => step(1),
            NumberedState::InLoop { number } => step(number + 1),
            NumberedState::AfterEnd | NumberedState::Done => {
                self.state = NumberedState::Done;
                return None;
            }
        };
        self.state = state;
        Some(item)
    }
}

type Recipe<'a> = (&'a str, &'a [&'a str]);

// ANCHOR: cookbook
/// Where `cookbook` is suspended. While it delegates, the inner generator
/// lives inside this state, next to the outer loop's index.
#[derive(Debug)]
enum State<'a> {
    Created,
    /// Stopped at `yield title` for recipe `index`.
    AtTitle {
        index: usize,
    },
    /// Inside `yield from numbered(lines)` for recipe `index`.
    Delegating {
        index: usize,
        inner: Numbered<'a>,
    },
    Done,
}

struct Cookbook<'a> {
    recipes: &'a [Recipe<'a>],
    state: State<'a>,
}
// ANCHOR_END: cookbook

impl<'a> Cookbook<'a> {
    fn new(recipes: &'a [Recipe<'a>]) -> Self {
        Cookbook {
            recipes,
            state: State::Created,
        }
    }
}

// ANCHOR: next
impl Iterator for Cookbook<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        loop {
            match &mut self.state {
                State::Created => return self.start_recipe(0),
                State::AtTitle { index } => {
                    let index = *index;
                    let inner = Numbered::new(self.recipes[index].1);
                    self.state = State::Delegating { index, inner };
                }
                State::Delegating { index, inner } => match inner.next() {
                    Some(item) => return Some(item), // pass it straight out
                    None => {
                        // The inner generator returned: on with the loop.
                        let next = *index + 1;
                        return self.start_recipe(next);
                    }
                },
                State::Done => return None,
            }
        }
    }
}
// ANCHOR_END: next

// ANCHOR: start
impl Cookbook<'_> {
    /// The top of the outer loop: yield recipe `index`'s title, or finish.
    fn start_recipe(&mut self, index: usize) -> Option<String> {
        match self.recipes.get(index) {
            Some((name, _)) => {
                self.state = State::AtTitle { index };
                Some(format!("== {name} =="))
            }
            None => {
                self.state = State::Done;
                None
            }
        }
    }
}
// ANCHOR_END: start

// ANCHOR: main
fn main() {
    let recipes: [Recipe; 2] =
        [("tea", &["boil the water", "pour"]), ("toast", &[])];
    for line in Cookbook::new(&recipes) {
        println!("{line}");
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// What `yield from` means for plain iteration: the same as looping
    /// over the inner generator and yielding each item.
    fn expected(recipes: &[Recipe]) -> Vec<String> {
        let mut out = Vec::new();
        for (name, lines) in recipes {
            out.push(format!("== {name} =="));
            out.extend(Numbered::new(lines));
        }
        out
    }

    #[test]
    fn yields_titles_and_everything_the_inner_generators_yield() {
        let recipes: [Recipe; 3] =
            [("a", &["x", "y"]), ("b", &[]), ("c", &["z"])];
        let got: Vec<String> = Cookbook::new(&recipes).collect();
        assert_eq!(got, expected(&recipes));
    }

    #[test]
    fn no_recipes_yields_nothing_and_stays_done() {
        let mut book = Cookbook::new(&[]);
        assert_eq!(book.next(), None);
        assert_eq!(book.next(), None);
    }
}
