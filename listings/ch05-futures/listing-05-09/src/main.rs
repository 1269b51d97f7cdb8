//! A self-referential value, moved: the bug that `Pin` exists to prevent.
//!
//! Real pointers into a moved value would be undefined behaviour, which no
//! program in this book shows. So this listing models memory in safe Rust:
//! memory is a row of cells, an address is a cell's index, and a pointer is
//! a cell holding an address. Moving a value copies its cells, as every
//! Rust move copies bytes; nothing updates the pointers inside it.

// ANCHOR: model
/// What one cell of memory holds.
#[derive(Clone, Debug)]
enum Cell {
    Free,
    Text(&'static str),
    /// The address of another cell.
    Pointer(usize),
}

/// Memory: cells numbered from 0.
struct Memory {
    cells: Vec<Cell>,
}

// ANCHOR_END: model

// ANCHOR: memory
impl Memory {
    /// Follows a pointer and reads the text it points at.
    fn read_through(&self, pointer_at: usize) -> &'static str {
        let Cell::Pointer(address) = self.cells[pointer_at] else {
            panic!("cell {pointer_at} is not a pointer");
        };
        match self.cells[address] {
            Cell::Text(text) => text,
            _ => "<not a text>",
        }
    }

    /// Moves `len` cells from `from` to `to`: a plain copy, like every Rust
    /// move, after which the old cells are free for the next value.
    fn move_cells(&mut self, from: usize, to: usize, len: usize) {
        for i in 0..len {
            self.cells[to + i] = self.cells[from + i].clone();
            self.cells[from + i] = Cell::Free;
        }
    }
}
// ANCHOR_END: memory

// ANCHOR: main
fn main() {
    let mut memory = Memory {
        cells: vec![Cell::Free; 8],
    };
    // The state of `async { let name = ...; let r = &name; ... .await ... }`
    // stopped at its `.await`: `name` in cell 0, and `r`, pointing at
    // `name`, in cell 1. The state refers to itself.
    memory.cells[0] = Cell::Text("ferris");
    memory.cells[1] = Cell::Pointer(0);
    println!("state at 0: {:?}", &memory.cells[0..2]);
    println!("  r reads {:?}", memory.read_through(1));

    // An executor moves the future, say into a Box: the state is copied.
    memory.move_cells(0, 4, 2);
    println!("moved to 4: {:?}", &memory.cells[4..6]);
    // The old place is reused by the next value that needs memory.
    memory.cells[0] = Cell::Text("crab");
    println!("  r reads {:?}, not {:?}", memory.read_through(5), "ferris");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_into_a_moved_value_reads_the_old_place() {
        let mut memory = Memory {
            cells: vec![Cell::Free; 4],
        };
        memory.cells[0] = Cell::Text("ferris");
        memory.cells[1] = Cell::Pointer(0);
        assert_eq!(memory.read_through(1), "ferris");
        memory.move_cells(0, 2, 2);
        assert_eq!(memory.read_through(3), "<not a text>");
        memory.cells[0] = Cell::Text("crab");
        assert_eq!(memory.read_through(3), "crab");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
