//! `TaskGroup`: Python's `asyncio.TaskGroup` rule, built on `JoinSet`.
//! Every task returns a `Result`; the first error, or the first panic,
//! stops the siblings before `join` reports it.

use std::any::Any;
use std::fmt;
use tokio::task::{JoinError, JoinSet};

// ANCHOR: group
/// Tasks that succeed together or stop together.
pub struct TaskGroup<T, E> {
    set: JoinSet<Result<T, E>>,
}

/// Why a group stopped early.
#[derive(Debug, PartialEq)]
pub enum GroupError<E> {
    /// A task returned this error.
    Failed(E),
    /// A task panicked with this message.
    Panicked(String),
}
// ANCHOR_END: group

impl<T: Send + 'static, E: Send + 'static> TaskGroup<T, E> {
    pub fn new() -> Self {
        TaskGroup {
            set: JoinSet::new(),
        }
    }

    pub fn spawn<F>(&mut self, task: F)
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
    {
        self.set.spawn(task);
    }
}

impl<T: Send + 'static, E: Send + 'static> Default for TaskGroup<T, E> {
    fn default() -> Self {
        TaskGroup::new()
    }
}

// ANCHOR: join
impl<T: Send + 'static, E: Send + 'static> TaskGroup<T, E> {
    /// Waits for every task and returns their outputs in the order they
    /// finished; or, at the first error or panic, aborts the others, waits
    /// until they have stopped, and returns it.
    pub async fn join(mut self) -> Result<Vec<T>, GroupError<E>> {
        let mut outputs = Vec::with_capacity(self.set.len());
        while let Some(joined) = self.set.join_next().await {
            let error = match joined {
                Ok(Ok(output)) => {
                    outputs.push(output);
                    continue;
                }
                Ok(Err(error)) => GroupError::Failed(error),
                Err(join_error) => GroupError::Panicked(message(join_error)),
            };
            self.set.shutdown().await; // abort and wait for the rest
            return Err(error);
        }
        Ok(outputs)
    }
}
// ANCHOR_END: join

/// The panic message inside a `JoinError`. Only a panic reaches here: the
/// set is ours alone, so nobody else can abort one of its tasks.
fn message(join_error: JoinError) -> String {
    let payload: Box<dyn Any + Send> = join_error.into_panic();
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(text) => text.to_string(),
            Err(_) => "(a panic without a message)".to_string(),
        },
    }
}

impl<E: fmt::Display> fmt::Display for GroupError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupError::Failed(error) => write!(f, "a task failed: {error}"),
            GroupError::Panicked(text) => write!(f, "a task panicked: {text}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for GroupError<E> {}
