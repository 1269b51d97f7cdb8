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
    board: usize,
    what: Activity,
    start: u64,
    end: u64,
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
async fn play(board: usize, master: Arc<Mutex<()>>, t0: Instant) -> Vec<Span> {
    let now = || t0.elapsed().as_secs();
    let mut spans = Vec::new();
    let mut note = |what, start, end| {
        spans.push(Span {
            board,
            what,
            start,
            end,
        });
    };
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

/// Plays every board at once and returns every board's spans, board by board.
async fn exhibition() -> Vec<Span> {
    let t0 = Instant::now();
    let master = Arc::new(Mutex::new(()));
    let games: Vec<_> = (1..=BOARDS)
        .map(|board| tokio::spawn(play(board, Arc::clone(&master), t0)))
        .collect();
    let mut spans = Vec::new();
    for game in games {
        spans.extend(game.await.expect("a game panicked"));
    }
    spans
}

/// Writes the spans as a mermaid Gantt chart: one row per board, plus one
/// row that follows the master from board to board.
fn gantt(spans: &[Span]) -> String {
    let total = spans.iter().map(|s| s.end).max().unwrap_or(0);
    let in_turn = BOARDS as u64
        * MOVE_PAIRS as u64
        * (MASTER_MOVE + OPPONENT_MOVE).as_secs();
    let mut out = String::from("---\ndisplayMode: compact\n---\ngantt\n");
    out += &format!(
        "    title Interleaved: {total} s (in turn it would take {in_turn} s)\n"
    );
    out += "    dateFormat X\n    axisFormat %M:%S\n";
    out += "    section Master\n";
    let mut master: Vec<_> = spans
        .iter()
        .filter(|s| s.what == Activity::MasterMoves)
        .collect();
    master.sort_by_key(|s| s.start);
    for Span {
        board, start, end, ..
    } in master
    {
        out += &format!("    board {board} :crit, {start}, {end}\n");
    }
    for board in 1..=BOARDS {
        out += &format!("    section Board {board}\n");
        for s in spans.iter().filter(|s| s.board == board) {
            let (label, tag) = match s.what {
                Activity::Waits => ("waits", "done, "),
                Activity::MasterMoves => ("master", "crit, "),
                Activity::OpponentThinks => ("thinks", ""),
            };
            out += &format!("    {label} :{tag}{}, {}\n", s.start, s.end);
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

    fn master_moves(spans: &[Span]) -> Vec<(u64, u64)> {
        let mut moves: Vec<_> = spans
            .iter()
            .filter(|s| s.what == Activity::MasterMoves)
            .map(|s| (s.start, s.end))
            .collect();
        moves.sort();
        moves
    }

    #[tokio::test(start_paused = true)]
    async fn the_master_is_never_idle_until_the_last_move() {
        let spans = exhibition().await;
        let moves = master_moves(&spans);
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
        let spans = exhibition().await;
        let board2: Vec<_> = spans.iter().filter(|s| s.board == 2).collect();
        assert_eq!(board2[0].what, Activity::Waits);
        assert_eq!((board2[0].start, board2[0].end), (0, 5));
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
