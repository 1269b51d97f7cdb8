//! The zone domaincheck serves itself keeps its promise: four probes at a
//! time, one answer every 250 ms, so no two answers are close enough for
//! a busy machine to swap them.

use dns_server::KEYWORDS;
use listing_12_07::spaced_zone;
use std::time::Duration;

#[test]
fn four_at_a_time_one_answer_comes_every_250_ms() {
    let zone = spaced_zone();
    let delay = |name: &str| {
        let found = zone.delays.iter().find(|(known, _)| known == name);
        found.expect("every keyword has a delay").1
    };
    // The schedule of buffer_unordered(4) with no time lost between steps:
    // four probes start at once, and each answer starts the next name.
    let mut names = KEYWORDS.iter().map(|word| format!("{word}.test"));
    let (mut now, mut running, mut answers) = (Duration::ZERO, vec![], vec![]);
    loop {
        while running.len() < 4 {
            let Some(name) = names.next() else { break };
            running.push(now + delay(&name));
        }
        let Some(first) = running.iter().copied().min() else {
            break;
        };
        running.retain(|&due| due != first);
        now = first;
        answers.push(first);
    }
    let every_250_ms = (1..=20).map(|k| Duration::from_millis(250 * k));
    assert_eq!(answers, every_250_ms.collect::<Vec<_>>());
}
