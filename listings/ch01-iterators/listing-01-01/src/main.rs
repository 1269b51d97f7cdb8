//! The smallest useful iterator: a countdown. Its `next` method hands out
//! one number per call and returns `None` once there is nothing left.

// ANCHOR: countdown
/// Counts down from a number to 1.
struct Countdown {
    left: u32,
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None; // exhausted: Python would raise StopIteration
        }
        let now = self.left;
        self.left -= 1;
        Some(now)
    }
}
// ANCHOR_END: countdown

// ANCHOR: main
fn main() {
    let mut countdown = Countdown { left: 3 };
    println!("{:?}", countdown.next());
    println!("{:?}", countdown.next());
    println!("{:?}", countdown.next());
    println!("{:?}", countdown.next());
    println!("{:?}", countdown.next()); // still None

    for n in (Countdown { left: 3 }) {
        println!("{n}...");
    }
    println!("Go!");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_to_one() {
        let numbers: Vec<u32> = Countdown { left: 4 }.collect();
        assert_eq!(numbers, [4, 3, 2, 1]);
    }

    #[test]
    fn stays_exhausted() {
        let mut countdown = Countdown { left: 1 };
        assert_eq!(countdown.next(), Some(1));
        assert_eq!(countdown.next(), None);
        assert_eq!(countdown.next(), None);
    }

    #[test]
    fn from_zero_yields_nothing() {
        assert_eq!(Countdown { left: 0 }.next(), None);
    }
}
