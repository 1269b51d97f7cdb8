//! A library function that needs tasks, written against the `Spawn` trait
//! of the `futures` crate, and one small `Spawn` per runtime that lacks it.

use executor_extras::Spawner;
use futures::future::{FutureObj, join_all};
use futures::task::{Spawn, SpawnError, SpawnExt};

// ANCHOR: library
/// Counts the characters of each word, one task per word, on whatever
/// runtime `spawner` belongs to; the counts come back in input order.
pub async fn char_counts(
    spawner: &impl Spawn,
    words: &[&str],
) -> Result<Vec<usize>, SpawnError> {
    let mut handles = Vec::new();
    for word in words {
        let word = word.to_string();
        let task = async move { word.chars().count() };
        // A `RemoteHandle`: awaiting it gives the task's output, and
        // dropping it cancels the task, so none outlives this call.
        handles.push(spawner.spawn_with_handle(task)?);
    }
    Ok(join_all(handles).await)
}
// ANCHOR_END: library

// ANCHOR: spawners
/// Spawns onto the Tokio runtime behind a handle.
pub struct TokioSpawner(pub tokio::runtime::Handle);

impl Spawn for TokioSpawner {
    fn spawn_obj(
        &self,
        task: FutureObj<'static, ()>,
    ) -> Result<(), SpawnError> {
        drop(self.0.spawn(task)); // the `RemoteHandle` is what owns it
        Ok(())
    }
}

// ANCHOR_END: spawners

/// Spawns onto smol's global executor.
pub struct SmolSpawner;

impl Spawn for SmolSpawner {
    fn spawn_obj(
        &self,
        task: FutureObj<'static, ()>,
    ) -> Result<(), SpawnError> {
        smol::spawn(task).detach();
        Ok(())
    }
}

/// Spawns onto the executor of Part I.
pub struct PartOneSpawner(pub Spawner);

impl Spawn for PartOneSpawner {
    fn spawn_obj(
        &self,
        task: FutureObj<'static, ()>,
    ) -> Result<(), SpawnError> {
        self.0.spawn(task);
        Ok(())
    }
}
