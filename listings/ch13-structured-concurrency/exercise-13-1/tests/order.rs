use exercise_13_1::{GroupError, OrderedGroup};
use std::time::Duration;
use tokio::time::sleep;

async fn after(
    ms: u64,
    outcome: Result<u64, &'static str>,
) -> Result<u64, &'static str> {
    sleep(Duration::from_millis(ms)).await;
    outcome
}

#[tokio::test(start_paused = true)]
async fn outputs_come_back_in_spawn_order_not_finish_order() {
    let mut group = OrderedGroup::default();
    for (ms, value) in [(300, 1), (100, 2), (200, 3)] {
        group.spawn(after(ms, Ok(value)));
    }
    assert_eq!(group.join().await, Ok(vec![1, 2, 3]));
}

#[tokio::test(start_paused = true)]
async fn the_first_error_still_wins() {
    let mut group = OrderedGroup::default();
    group.spawn(after(300, Ok(1)));
    group.spawn(after(100, Err("broken")));
    assert_eq!(group.join().await, Err(GroupError::Failed("broken")));
}

#[tokio::test(start_paused = true)]
async fn a_panic_is_reported() {
    let mut group: OrderedGroup<u64, &str> = OrderedGroup::default();
    group.spawn(async { panic!("a bug") });
    assert_eq!(group.join().await, Err(GroupError::Panicked));
}

#[tokio::test]
async fn an_empty_group_joins_to_nothing() {
    let group: OrderedGroup<u64, &str> = OrderedGroup::default();
    assert_eq!(group.join().await, Ok(vec![]));
}
