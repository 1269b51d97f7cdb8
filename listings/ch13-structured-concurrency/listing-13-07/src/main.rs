//! One library call, four runtimes, each lending it a spawner.

use executor_extras::Executor;
use futures::executor::LocalPool;
use listing_13_07::{PartOneSpawner, SmolSpawner, TokioSpawner, char_counts};
use std::sync::{Arc, Mutex};

const WORDS: &[&str] = &["tokio", "smol", "naïve", "日本"];

// ANCHOR: main
fn main() -> std::io::Result<()> {
    let tokio = tokio::runtime::Builder::new_current_thread().build()?;
    let spawner = TokioSpawner(tokio.handle().clone());
    let counts = tokio.block_on(char_counts(&spawner, WORDS));
    println!("tokio:           {counts:?}");

    let counts = smol::block_on(char_counts(&SmolSpawner, WORDS));
    println!("smol:            {counts:?}");

    let mut pool = LocalPool::new(); // its spawner implements `Spawn`
    let counts = pool.run_until(char_counts(&pool.spawner(), WORDS));
    println!("LocalPool:       {counts:?}");
    // ANCHOR_END: main

    let executor = Executor::new()?;
    let spawner = PartOneSpawner(executor.spawner());
    let slot = Arc::new(Mutex::new(None));
    let output = Arc::clone(&slot);
    executor.spawner().spawn(async move {
        *output.lock().unwrap() = Some(char_counts(&spawner, WORDS).await);
    });
    executor.run()?;
    println!(
        "Part I executor: {:?}",
        slot.lock().unwrap().take().unwrap()
    );
    Ok(())
}
