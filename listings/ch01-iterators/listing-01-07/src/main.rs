//! Adapters are lazy. This pipeline reports every step it takes: building it
//! does nothing, and each turn of the loop pulls one item through the whole
//! chain, only as far as `take(2)` asks.

// ANCHOR: pipeline
/// Builds a pipeline over the words of `text`, then runs it; `log` is told
/// about every step, in the order the steps happen.
fn shout_two_long_words(text: &str, log: impl Fn(&str)) -> Vec<String> {
    let pipeline = text
        .split(' ')
        .inspect(|word| log(&format!("  split gives {word:?}")))
        .filter(|word| word.len() > 4)
        .map(|word| {
            log(&format!("  map shouts  {word:?}"));
            word.to_uppercase()
        })
        .take(2);
    log("pipeline built; nothing has run yet");

    let mut shouted = Vec::new();
    for word in pipeline {
        log(&format!("loop gets {word:?}"));
        shouted.push(word);
    }
    log("loop done");
    shouted
}
// ANCHOR_END: pipeline

// ANCHOR: main
fn main() {
    let text = "One master and 24 boards and not a second wasted";
    shout_two_long_words(text, |line| println!("{line}"));
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn run(text: &str) -> (Vec<String>, Vec<String>) {
        let lines = RefCell::new(Vec::new());
        let shouted =
            shout_two_long_words(text, |l| lines.borrow_mut().push(l.into()));
        (shouted, lines.into_inner())
    }

    #[test]
    fn nothing_runs_before_the_loop() {
        let (_, lines) = run("alpha beta gamma");
        assert_eq!(lines[0], "pipeline built; nothing has run yet");
    }

    #[test]
    fn each_item_goes_all_the_way_before_the_next() {
        let (shouted, lines) = run("alpha beta gamma delta");
        assert_eq!(shouted, ["ALPHA", "GAMMA"]);
        assert_eq!(
            lines[1..5],
            [
                "  split gives \"alpha\"",
                "  map shouts  \"alpha\"",
                "loop gets \"ALPHA\"",
                "  split gives \"beta\"",
            ]
        );
    }

    #[test]
    fn stops_pulling_once_take_is_satisfied() {
        let (_, lines) = run("alpha beta gamma delta");
        assert!(!lines.iter().any(|l| l.contains("delta")));
        assert_eq!(lines.last().unwrap(), "loop done");
    }
}
