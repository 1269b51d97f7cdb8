use executor_extras::Executor;
use std::io;

// ANCHOR: here
fn main() -> io::Result<()> {
    let executor = Executor::new()?;
    for word in ["fn", "impl", "mod"] {
        let name = format!("{word}.test");
        executor.spawner().spawn(async {
            println!("{name}: started"); // borrows `name`
        });
    }
    executor.run()
}
// ANCHOR_END: here
