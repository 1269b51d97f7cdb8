//! Exercise 2-1, a solution: Python's nested-loop generator `pairs` written
//! by hand as an enum whose loop counters live in the suspended state.

// ANCHOR: solution
/// Where `pairs` is suspended: at the inner `yield`, with both loop indexes.
#[derive(Debug, Clone, Copy)]
enum State {
    Created,
    Yielded { first: usize, second: usize },
    Done,
}

struct Pairs<'a, T> {
    items: &'a [T],
    state: State,
}

impl<'a, T> Pairs<'a, T> {
    fn new(items: &'a [T]) -> Self {
        Pairs {
            items,
            state: State::Created,
        }
    }
}

// ANCHOR_END: solution

// ANCHOR: solution_next
impl<'a, T> Iterator for Pairs<'a, T> {
    type Item = (&'a T, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        // Where the loops go from here: the next (first, second) to yield.
        let (mut first, mut second) = match self.state {
            State::Created => (0, 1),
            State::Yielded { first, second } => (first, second + 1),
            State::Done => return None,
        };
        if second >= self.items.len() {
            // The inner loop is over: the outer loop moves on.
            first += 1;
            second = first + 1;
        }
        if second >= self.items.len() {
            self.state = State::Done;
            return None;
        }
        self.state = State::Yielded { first, second };
        Some((&self.items[first], &self.items[second]))
    }
}
// ANCHOR_END: solution_next

fn main() {
    let rooms = ["kitchen", "attic", "cellar", "hall"];
    for (a, b) in Pairs::new(&rooms) {
        println!("{a} - {b}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same pairs, made by two `for` loops.
    fn expected<T: Copy>(items: &[T]) -> Vec<(T, T)> {
        let mut pairs = Vec::new();
        for (i, &first) in items.iter().enumerate() {
            for &second in &items[i + 1..] {
                pairs.push((first, second));
            }
        }
        pairs
    }

    #[test]
    fn matches_nested_loops_for_every_length() {
        let items = [1, 2, 3, 4, 5, 6];
        for len in 0..=items.len() {
            let ours: Vec<(i32, i32)> =
                Pairs::new(&items[..len]).map(|(a, b)| (*a, *b)).collect();
            assert_eq!(ours, expected(&items[..len]), "length {len}");
        }
    }

    #[test]
    fn stays_done() {
        let mut pairs = Pairs::new(&[1, 2]);
        assert_eq!(pairs.next(), Some((&1, &2)));
        assert_eq!(pairs.next(), None);
        assert_eq!(pairs.next(), None);
    }
}
