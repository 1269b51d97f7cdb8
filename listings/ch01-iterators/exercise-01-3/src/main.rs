//! Exercise 1-3, solved: the order in which the master visits the boards in
//! the chess exhibition (1, 2, ..., n, then 1 again, once per move pair),
//! first as a hand-written iterator, then as one adapter chain.

// ANCHOR: solution
/// The master's walk: board numbers from 1 to `boards`, `pairs` times over.
struct Walk {
    boards: u32,
    rounds_left: u32,
    next_board: u32,
}

impl Walk {
    fn new(boards: u32, pairs: u32) -> Walk {
        // No boards means no walk, however many pairs: `next` would never
        // see `board == boards`, and would count up until `u32` overflows.
        let rounds_left = if boards == 0 { 0 } else { pairs };
        Walk {
            boards,
            rounds_left,
            next_board: 1,
        }
    }
}
// ANCHOR_END: solution

// ANCHOR: solution_next
impl Iterator for Walk {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.rounds_left == 0 {
            return None;
        }
        let board = self.next_board;
        if board == self.boards {
            self.next_board = 1; // back to the first board
            self.rounds_left -= 1;
        } else {
            self.next_board += 1;
        }
        Some(board)
    }
}

/// The same walk from adapters: for each pair, every board in turn.
fn walk(boards: u32, pairs: u32) -> impl Iterator<Item = u32> {
    (0..pairs).flat_map(move |_| 1..=boards)
}
// ANCHOR_END: solution_next

fn main() {
    let by_hand: Vec<u32> = Walk::new(3, 2).collect();
    let by_adapters: Vec<u32> = walk(3, 2).collect();
    println!("{by_hand:?}");
    println!("{by_adapters:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_boards_means_no_walk() {
        // Without the special case in `new`, this walk would count 1, 2,
        // 3, ... and only end when `u32` overflowed.
        assert_eq!(Walk::new(0, 3).next(), None);
    }

    #[test]
    fn both_walks_agree() {
        for boards in 0..5 {
            for pairs in 0..4 {
                let by_hand: Vec<u32> = Walk::new(boards, pairs).collect();
                let by_adapters: Vec<u32> = walk(boards, pairs).collect();
                assert_eq!(by_hand, by_adapters, "{boards} boards, {pairs}");
            }
        }
    }

    #[test]
    fn the_exhibition_has_720_master_moves() {
        assert_eq!(Walk::new(24, 30).count(), 720);
        assert_eq!(walk(24, 30).count(), 720);
    }

    #[test]
    fn three_boards_twice() {
        let moves: Vec<u32> = Walk::new(3, 2).collect();
        assert_eq!(moves, [1, 2, 3, 1, 2, 3]);
    }
}
