//! Chapter 11 shows the tables and profiles that `ci/bench-mojifinder.sh`
//! wrote into `results.txt` and `profile.txt`, beside this crate. The
//! benchmark is not run by the tests (a busy machine must not fail them);
//! these check that the committed files are whole: written by the script,
//! with every table and profile the chapter includes.

const RESULTS: &str = include_str!("../results.txt");
const PROFILE: &str = include_str!("../profile.txt");

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, as mdBook
/// includes them.
fn anchored<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let start = format!("ANCHOR: {name}");
    let end = format!("ANCHOR_END: {name}");
    let lines: Vec<&str> = text.lines().collect();
    let from = lines
        .iter()
        .position(|line| line.contains(&start))
        .unwrap_or_else(|| panic!("no {start:?}"));
    let to = lines
        .iter()
        .position(|line| line.contains(&end))
        .unwrap_or_else(|| panic!("no {end:?}"));
    lines[from + 1..to].to_vec()
}

#[test]
fn the_results_hold_the_tables_the_chapter_shows() {
    assert!(
        RESULTS.starts_with(
            "# mojifinder results, written by ci/bench-mojifinder.sh\n"
        ),
        "results.txt was not written by ci/bench-mojifinder.sh"
    );
    for field in [
        "Machine: ",
        "Load average ",
        "Command: ",
        "Reproduce with: ",
    ] {
        assert!(
            RESULTS.lines().any(|line| line.starts_with(field)),
            "no {field:?} line"
        );
    }
    for table in ["tcp", "http"] {
        let rows = anchored(RESULTS, table);
        assert!(rows[0].starts_with("| server | clients | queries/s |"));
        for clients in ["50", "500"] {
            for server in ["ours", "limit", "before"] {
                let row = format!("| {server} | {clients} | ");
                assert!(
                    rows.iter().any(|line| line.starts_with(&row)),
                    "no {row:?} row in the {table} table"
                );
            }
        }
    }
}

#[test]
fn the_profile_holds_the_server_before_and_after() {
    assert!(PROFILE.starts_with("# Profile of the TCP mojifinder"));
    for server in ["before", "ours"] {
        let lines = anchored(PROFILE, server);
        assert_eq!(lines.len(), 25, "{server}: not 25 lines");
        for line in lines {
            let share = line.split_whitespace().next().unwrap();
            let share = share.strip_suffix('%').unwrap_or_else(|| {
                panic!("{server}: {line:?} does not start with a share")
            });
            share.parse::<f64>().unwrap();
        }
    }
}
