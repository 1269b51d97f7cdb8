//! `multi_probe`: chapter 6's `probe` for many names at once, as a stream
//! of answers in the order they arrive.

use dns_server::{Zone, keywords_zone};
use futures::{Stream, StreamExt, stream};
use listing_06_06::Answer;
use listing_06_08::{ProbeError, Resolver, probe};

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

/// Chapter 6's `test` zone with every delay twice as long, multiples of
/// 80 ms from 160 to 1680. Four probes at a time then get their answers at
/// least 80 ms apart, and each name's probe starts when an earlier answer
/// arrives, so the delays of a busy machine add up along such a chain;
/// twice the spacing keeps the order of the answers when they do.
pub fn spaced_zone() -> Zone {
    let mut zone = keywords_zone();
    for (_, delay) in &mut zone.delays {
        *delay *= 2;
    }
    zone
}
