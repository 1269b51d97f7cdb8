//! The same service on four runtimes.

use listing_13_05::runtimes::{
    on_futures_executor, on_part_one, on_smol, on_tokio,
};

const LINES: &[&str] = &["one future", "four runtimes"];

fn main() -> std::io::Result<()> {
    let runs = [
        ("tokio", on_tokio(LINES)?),
        ("smol", on_smol(LINES)?),
        ("futures::executor", on_futures_executor(LINES)?),
        ("Part I executor", on_part_one(LINES)?),
    ];
    for (runtime, (answered, answers)) in runs {
        println!("{runtime:<18} {answered} lines: {answers:?}");
    }
    Ok(())
}
