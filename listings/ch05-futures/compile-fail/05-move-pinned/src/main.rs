// ANCHOR: here
use std::marker::PhantomPinned;
use std::pin::pin;

/// Stands for the state of a future that may point into itself.
struct State {
    name: String,
    _pinned: PhantomPinned,
}

fn main() {
    let mut state = pin!(State { name: "ferris".into(), _pinned: PhantomPinned });
    // Get a plain `&mut State` back out of the pin, to move the value out.
    let unpinned: &mut State = state.as_mut().get_mut();
    let fresh = State { name: "crab".into(), _pinned: PhantomPinned };
    let moved = std::mem::replace(unpinned, fresh);
    println!("moved {}", moved.name);
}
// ANCHOR_END: here
