//! `Pin` in real Rust, without unsafe code. A value that is `!Unpin` (here
//! because of `PhantomPinned`, in a compiler-made future because it may
//! point into itself) can be pinned: on the heap with `Box::pin`, or on the
//! stack with `pin!`. We compare addresses to see what moves and what not.

use std::marker::PhantomPinned;
use std::pin::{Pin, pin};

// ANCHOR: state
/// Stands for the state of a future that may point into itself.
struct State {
    name: String,
    /// Makes `State` `!Unpin`: once pinned, it must stay where it is.
    _pinned: PhantomPinned,
}

impl State {
    fn new(name: &str) -> State {
        State {
            name: name.to_string(),
            _pinned: PhantomPinned,
        }
    }

    /// Like `Future::poll`, callable only on a pinned `State`.
    fn poll_like(self: Pin<&mut Self>) -> usize {
        // Reading through the pin is fine; moving out of it is not.
        self.name.len()
    }
}

/// Where a value lives in memory, as a number.
fn address<T>(value: &T) -> usize {
    (value as *const T).addr()
}
// ANCHOR_END: state

// ANCHOR: main
fn main() {
    // Unpinned, a move copies the value somewhere else.
    let state = State::new("ferris");
    let before = address(&state);
    let boxed = Box::new(state);
    println!(
        "moved into a Box, same address: {}",
        address(&*boxed) == before
    );

    // Pinned in a Box, the value stays put however the Box moves.
    let mut pinned: Pin<Box<State>> = Box::pin(State::new("ferris"));
    let before = address(&*pinned);
    println!(
        "poll_like on the pinned state: {}",
        pinned.as_mut().poll_like()
    );
    let moved_box = pinned; // moves the pointer, not the state
    let in_an_array = [moved_box];
    println!(
        "pinned, Box moved, same address: {}",
        address(&*in_an_array[0]) == before
    );
    // ANCHOR_END: main

    // ANCHOR: main_stack

    // Pinned on the stack: `pin!` keeps the value where nothing can name it.
    let mut on_stack = pin!(State::new("crab"));
    println!("poll_like on the stack: {}", on_stack.as_mut().poll_like());

    // For an `Unpin` type, such as `u32`, a pin promises nothing.
    let mut number = 5_u32;
    let pinned_number = Pin::new(&mut number);
    *Pin::into_inner(pinned_number) += 1;
    println!("an Unpin value comes out of its pin freely: {number}");
}
// ANCHOR_END: main_stack

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_value_keeps_its_address_when_its_box_moves() {
        let pinned = Box::pin(State::new("ferris"));
        let before = address(&*pinned);
        let moved: Vec<Pin<Box<State>>> = vec![pinned];
        assert_eq!(address(&*moved[0]), before);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
