//! Listing 13-2's task group, with outputs in spawn order.

use tokio::task::JoinSet;

/// Why a group stopped early (panic messages as in Listing 13-2).
#[derive(Debug, PartialEq)]
pub enum GroupError<E> {
    Failed(E),
    Panicked,
}

// ANCHOR: solution
/// Tasks that succeed together or stop together; `join` returns their
/// outputs in the order they were spawned.
pub struct OrderedGroup<T, E> {
    set: JoinSet<(usize, Result<T, E>)>,
    spawned: usize,
}

impl<T: Send + 'static, E: Send + 'static> OrderedGroup<T, E> {
    pub fn spawn(
        &mut self,
        task: impl Future<Output = Result<T, E>> + Send + 'static,
    ) {
        let index = self.spawned; // each task carries its place
        self.set.spawn(async move { (index, task.await) });
        self.spawned += 1;
    }
    // ANCHOR_END: solution

    // ANCHOR: join

    pub async fn join(mut self) -> Result<Vec<T>, GroupError<E>> {
        let mut slots: Vec<Option<T>> =
            (0..self.spawned).map(|_| None).collect();
        while let Some(joined) = self.set.join_next().await {
            let error = match joined {
                Ok((index, Ok(output))) => {
                    slots[index] = Some(output);
                    continue;
                }
                Ok((_, Err(error))) => GroupError::Failed(error),
                Err(_) => GroupError::Panicked,
            };
            self.set.shutdown().await;
            return Err(error);
        }
        Ok(slots
            .into_iter()
            .map(|slot| slot.expect("every task ended"))
            .collect())
    }
}
// ANCHOR_END: join

impl<T, E> Default for OrderedGroup<T, E> {
    fn default() -> Self {
        OrderedGroup {
            set: JoinSet::new(),
            spawned: 0,
        }
    }
}
