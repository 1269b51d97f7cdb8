//! A small chess exhibition, three boards and two move pairs, played
//! interleaved with Tokio's clock paused. Each game notes when its opponent
//! waited for the master, when the master moved and when the opponent
//! thought; `main` prints the notes as a mermaid Gantt chart. The chart in the
//! Introduction is this program's output, so it cannot drift from the code.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::{Instant, sleep};

const BOARDS: usize = 3;
const MOVE_PAIRS: usize = 2;
const MASTER_MOVE: Duration = Duration::from_secs(5);
const OPPONENT_MOVE: Duration = Duration::from_secs(10);

/// What was happening at one board between two moments, in whole seconds
/// since the exhibition began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    what: Activity,
    from: u64,
    to: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Activity {
    /// The opponent has moved and waits for the master to come back.
    Waits,
    MasterMoves,
    OpponentThinks,
}

// ANCHOR: play
/// Plays one board and returns what happened there, in order.
async fn play(master: Arc<Mutex<()>>, t0: Instant) -> Vec<Span> {
    let now = || t0.elapsed().as_secs();
    let mut spans = Vec::new();
    let mut note = |what, from, to| spans.push(Span { what, from, to });
    for _pair in 0..MOVE_PAIRS {
        let asked = now();
        let at_board = master.lock().await; // wait for the master
        let came = now();
        if came > asked {
            note(Activity::Waits, asked, came);
        }
        sleep(MASTER_MOVE).await;
        drop(at_board); // the master walks on to the next board
        let moved = now();
        note(Activity::MasterMoves, came, moved);
        sleep(OPPONENT_MOVE).await;
        note(Activity::OpponentThinks, moved, now());
    }
    spans
}
// ANCHOR_END: play

/// Plays every board at once and returns each board's spans: board 1's
/// first.
async fn exhibition() -> Vec<Vec<Span>> {
    let t0 = Instant::now();
    let master = Arc::new(Mutex::new(()));
    let games: Vec<_> = (0..BOARDS)
        .map(|_| tokio::spawn(play(Arc::clone(&master), t0)))
        .collect();
    let mut boards = Vec::new();
    for game in games {
        boards.push(game.await.expect("a game panicked"));
    }
    boards
}

/// Writes the spans as a mermaid Gantt chart: one row that follows the
/// master from board to board, then one row per board.
fn gantt(boards: &[Vec<Span>]) -> String {
    let total = boards.iter().flatten().map(|s| s.to).max().unwrap_or(0);
    let in_turn = BOARDS as u64
        * MOVE_PAIRS as u64
        * (MASTER_MOVE + OPPONENT_MOVE).as_secs();
    let mut out = String::from("---\ndisplayMode: compact\n---\ngantt\n");
    out += &format!(
        "    title Interleaved: {total} s (in turn it would take {in_turn} s)\n"
    );
    out += "    dateFormat X\n    axisFormat %M:%S\n";
    out += "    section Master\n";
    let mut master: Vec<(u64, u64, usize)> = Vec::new();
    for (i, spans) in boards.iter().enumerate() {
        for s in spans.iter().filter(|s| s.what == Activity::MasterMoves) {
            master.push((s.from, s.to, i + 1));
        }
    }
    master.sort();
    for (from, to, board) in master {
        out += &format!("    board {board} :crit, {from}, {to}\n");
    }
    for (i, spans) in boards.iter().enumerate() {
        out += &format!("    section Board {}\n", i + 1);
        for s in spans {
            let (label, tag) = match s.what {
                Activity::Waits => ("waits", "active, "),
                Activity::MasterMoves => ("master", "crit, "),
                Activity::OpponentThinks => ("thinks", ""),
            };
            out += &format!("    {label} :{tag}{}, {}\n", s.from, s.to);
        }
    }
    out
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    print!("{}", gantt(&exhibition().await));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn master_moves(boards: &[Vec<Span>]) -> Vec<(u64, u64)> {
        let mut moves: Vec<_> = boards
            .iter()
            .flatten()
            .filter(|s| s.what == Activity::MasterMoves)
            .map(|s| (s.from, s.to))
            .collect();
        moves.sort();
        moves
    }

    #[tokio::test(start_paused = true)]
    async fn the_master_is_never_idle_until_the_last_move() {
        let moves = master_moves(&exhibition().await);
        assert_eq!(moves.len(), BOARDS * MOVE_PAIRS);
        // Back to back: each move starts when the one before it ends.
        assert_eq!(moves[0].0, 0);
        for pair in moves.windows(2) {
            assert_eq!(pair[0].1, pair[1].0);
        }
        assert_eq!(moves.last().unwrap().1, 30);
    }

    #[tokio::test(start_paused = true)]
    async fn board_two_waits_for_the_master_once() {
        let boards = exhibition().await;
        let board2 = &boards[1];
        assert_eq!(board2[0].what, Activity::Waits);
        assert_eq!((board2[0].from, board2[0].to), (0, 5));
        let waits = board2.iter().filter(|s| s.what == Activity::Waits);
        assert_eq!(waits.count(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn the_chart_ends_with_the_last_reply() {
        let chart = gantt(&exhibition().await);
        assert!(chart.contains("title Interleaved: 40 s (in turn it would"));
        assert!(chart.ends_with("    thinks :30, 40\n"));
    }
}
