//! Three tasks, each an `async move` block that owns its name. The block
//! is a future like any other; `move` decides whether it borrows or owns
//! the variables it uses.

use executor_extras::{Executor, sleep};
use std::io;
use std::time::Duration;

// ANCHOR: main
fn main() -> io::Result<()> {
    let executor = Executor::new()?;
    let spawner = executor.spawner();
    for (word, delay) in [("fn", 300), ("impl", 100), ("mod", 200)] {
        let name = format!("{word}.test");
        spawner.spawn(async move {
            println!("{name}: started");
            sleep(Duration::from_millis(delay)).await;
            println!("{name}: done after {delay} ms");
        }); // `name` moved into the task; the loop's copy is gone
    }
    println!("three tasks spawned; none has started");
    drop(spawner);
    executor.run()
}
// ANCHOR_END: main
