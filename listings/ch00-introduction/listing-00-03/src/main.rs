//! The latency ladder: how many CPU cycles it takes to read data from each
//! place a program can keep it, what that is at 3 GHz, and how long it would
//! feel if one cycle took one second.

// ANCHOR: ladder
/// The classic figures, in CPU cycles.
const LADDER: [(&str, u64); 5] = [
    ("L1 cache", 3),
    ("L2 cache", 14),
    ("RAM", 250),
    ("disk", 41_000_000),
    ("network", 240_000_000),
];

const CYCLES_PER_SECOND: f64 = 3.0e9; // a 3 GHz core

fn main() {
    println!("rung        CPU cycles   at 3 GHz   1 cycle = 1 s");
    for (rung, cycles) in LADDER {
        let real = cycles as f64 / CYCLES_PER_SECOND;
        let felt = cycles as f64; // one second per cycle
        println!(
            "{rung:<9} {:>12} {:>10} {:>15}",
            grouped(cycles),
            human(real),
            human(felt)
        );
    }
}
// ANCHOR_END: ladder

/// Writes `n` with a comma between each group of three digits.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Writes a time in seconds in the largest unit that keeps it at least 1,
/// with one decimal below 10 units and none from 10 up.
fn human(seconds: f64) -> String {
    const UNITS: [(&str, f64); 8] = [
        ("years", 365.25 * 86_400.0),
        ("days", 86_400.0),
        ("h", 3_600.0),
        ("min", 60.0),
        ("s", 1.0),
        ("ms", 1e-3),
        ("µs", 1e-6),
        ("ns", 1e-9),
    ];
    let (unit, size) = UNITS
        .into_iter()
        .find(|&(_, size)| seconds >= size)
        .unwrap_or(UNITS[UNITS.len() - 1]);
    let value = seconds / size;
    if value >= 10.0 || (value - value.round()).abs() < 1e-9 {
        format!("{value:.0} {unit}")
    } else {
        format!("{value:.1} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_in_threes() {
        assert_eq!(grouped(3), "3");
        assert_eq!(grouped(250), "250");
        assert_eq!(grouped(41_000_000), "41,000,000");
        assert_eq!(grouped(240_000_000), "240,000,000");
    }

    #[test]
    fn human_scale_matches_the_classic_table() {
        // One cycle is one second.
        assert_eq!(human(3.0), "3 s");
        assert_eq!(human(14.0), "14 s");
        assert_eq!(human(250.0), "4.2 min");
        assert_eq!(human(41_000_000.0), "1.3 years");
        assert_eq!(human(240_000_000.0), "7.6 years");
    }

    #[test]
    fn real_time_at_three_gigahertz() {
        assert_eq!(human(3.0 / CYCLES_PER_SECOND), "1 ns");
        assert_eq!(human(250.0 / CYCLES_PER_SECOND), "83 ns");
        assert_eq!(human(240_000_000.0 / CYCLES_PER_SECOND), "80 ms");
    }
}
