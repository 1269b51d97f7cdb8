//! `multi_probe`: chapter 6's `probe` for many names at once, as a stream
//! of answers in the order they arrive.

use dns_server::{KEYWORDS, Zone, keywords_zone};
use futures::{Stream, StreamExt, stream};
use listing_06_06::Answer;
use listing_06_08::{ProbeError, Resolver, probe};
use std::time::Duration;

// ANCHOR: multi_probe
/// One item per name, in the order the answers arrive.
pub type Probed = (String, Result<Answer, ProbeError>);

/// Probes every name, at most `limit` at a time (`limit` > 0), and yields
/// each name with its answer as soon as it arrives.
pub fn multi_probe(
    resolver: Resolver,
    names: impl IntoIterator<Item = String>,
    limit: usize,
) -> impl Stream<Item = Probed> {
    assert!(limit > 0, "a limit of 0 would never probe anything");
    let probes = stream::iter(names).map(move |name| {
        let resolver = resolver.clone();
        async move {
            let answer = probe(&resolver, &name).await;
            (name, answer)
        }
    });
    probes.buffer_unordered(limit)
}
// ANCHOR_END: multi_probe

/// The zone `domaincheck` serves itself: chapter 6's names and addresses,
/// with delays of its own, chosen so that with four probes at a time one
/// answer comes every 250 ms. A name's probe starts only when an earlier
/// answer has been handled, so on a busy machine the small delays of each
/// step add up along a chain of probes; answers a quarter of a second
/// apart keep their order all the same.
pub fn spaced_zone() -> Zone {
    // Each name's delay in quarter seconds, in the order of KEYWORDS.
    const QUARTERS: [u64; 20] =
        [1, 3, 6, 2, 3, 5, 2, 5, 6, 2, 5, 6, 1, 5, 6, 1, 5, 5, 1, 4];
    let delays = KEYWORDS.iter().zip(QUARTERS).map(|(word, quarters)| {
        let delay = Duration::from_millis(250 * quarters);
        (format!("{word}.test"), delay)
    });
    Zone {
        delays: delays.collect(),
        ..keywords_zone()
    }
}
