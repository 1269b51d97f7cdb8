//! The chess exhibition: one master plays 24 opponents, first one game after
//! another, then all at once, walking from board to board. Tokio's clock is
//! paused, so twelve simulated hours pass in an instant.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::{Instant, sleep};

// ANCHOR: in_turn_with_facts
// ANCHOR: facts
const OPPONENTS: usize = 24;
const MOVE_PAIRS: usize = 30;
const MASTER_MOVE: Duration = Duration::from_secs(5);
const OPPONENT_MOVE: Duration = Duration::from_secs(55);
// ANCHOR_END: facts

// ANCHOR: in_turn
/// Plays every game to the end before starting the next.
async fn in_turn() {
    for _board in 0..OPPONENTS {
        for _pair in 0..MOVE_PAIRS {
            sleep(MASTER_MOVE).await;
            sleep(OPPONENT_MOVE).await;
        }
    }
}
// ANCHOR_END: in_turn
// ANCHOR_END: in_turn_with_facts

// ANCHOR: interleaved
/// Plays every game at once. The master is one person, so a board must wait
/// for them (the lock); while its opponent thinks, the master moves on.
async fn interleaved() {
    let master = Arc::new(Mutex::new(()));
    let mut games = Vec::new();
    for _board in 0..OPPONENTS {
        let master = Arc::clone(&master);
        games.push(tokio::spawn(async move {
            for _pair in 0..MOVE_PAIRS {
                let at_board = master.lock().await;
                sleep(MASTER_MOVE).await;
                drop(at_board); // the master walks to the next board
                sleep(OPPONENT_MOVE).await;
            }
        }));
    }
    for game in games {
        game.await.expect("a game panicked");
    }
}
// ANCHOR_END: interleaved

fn hms(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}h {:02}m {:02}s", s / 3600, s / 60 % 60, s % 60)
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    in_turn().await;
    println!("in turn:     {}", hms(start.elapsed()));

    let start = Instant::now();
    interleaved().await;
    println!("interleaved: {}", hms(start.elapsed()));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn in_turn_takes_twelve_hours() {
        let start = Instant::now();
        in_turn().await;
        // 24 boards x 30 move pairs x (5 s + 55 s)
        assert_eq!(start.elapsed(), Duration::from_secs(12 * 3600));
    }

    #[tokio::test(start_paused = true)]
    async fn interleaved_takes_one_hour_and_a_last_reply() {
        let start = Instant::now();
        interleaved().await;
        // 24 boards x 30 master moves x 5 s, then the last opponent's 55 s
        assert_eq!(start.elapsed(), Duration::from_secs(3600 + 55));
    }

    #[test]
    fn hms_pads_minutes_and_seconds() {
        assert_eq!(hms(Duration::from_secs(3655)), "1h 00m 55s");
        assert_eq!(hms(Duration::from_secs(43_200)), "12h 00m 00s");
    }
}
