//! Stepping the hand-written generator of listing 2-1 one `next` at a time
//! and printing the state it stopped in after each step.

/// Where the generator is suspended. Each variant is one place the Python
/// function can stop, and holds the locals still alive there.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Created, not started: nothing has run yet.
    Created,
    /// Stopped at `yield "BEGIN"`.
    AfterBegin,
    /// Stopped at the `yield` inside the loop, after line `number`.
    InLoop { number: usize },
    /// Stopped at `yield "END"`.
    AfterEnd,
    /// Returned: every later `next` gives `None`.
    Done,
}

struct Numbered<'a> {
    lines: &'a [&'a str],
    state: State,
}

impl<'a> Numbered<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        Numbered {
            lines,
            state: State::Created,
        }
    }
}

impl Iterator for Numbered<'_> {
    type Item = String;

    /// Runs the body from where it stopped to the next `yield`.
    fn next(&mut self) -> Option<String> {
        // The loop's next step: yield line `number`, or leave the loop.
        let step = |number: usize| match self.lines.get(number - 1) {
            Some(line) => {
                (State::InLoop { number }, format!("{number}. {line}"))
            }
            None => (State::AfterEnd, "END".to_string()),
        };
        let (state, item) = match self.state {
            State::Created => (State::AfterBegin, "BEGIN".to_string()),
            State::AfterBegin => step(1),
            State::InLoop { number } => step(number + 1),
            State::AfterEnd | State::Done => {
                self.state = State::Done;
                return None;
            }
        };
        self.state = state;
        Some(item)
    }
}

// ANCHOR: main
fn main() {
    let recipe = ["boil the water", "add the noodles"];
    let mut numbered = Numbered::new(&recipe);
    println!("{:<36} {:?}", "new", numbered.state);
    for _ in 0..5 {
        let item = numbered.next();
        let call = format!("next -> {item:?}");
        println!("{call:<36} {:?}", numbered.state);
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yields_header_lines_and_footer() {
        let got: Vec<String> = Numbered::new(&["a", "b"]).collect();
        assert_eq!(got, ["BEGIN", "1. a", "2. b", "END"]);
    }

    #[test]
    fn empty_input_still_has_header_and_footer() {
        let got: Vec<String> = Numbered::new(&[]).collect();
        assert_eq!(got, ["BEGIN", "END"]);
    }

    #[test]
    fn stays_done_after_the_end() {
        let mut numbered = Numbered::new(&["a"]);
        assert_eq!(numbered.by_ref().count(), 3);
        assert_eq!(numbered.next(), None);
        assert_eq!(numbered.next(), None);
        assert_eq!(numbered.state, State::Done);
    }
}
