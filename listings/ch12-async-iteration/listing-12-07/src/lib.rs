//! `multi_probe`: chapter 6's `probe` for many names at once, as a stream
//! of answers in the order they arrive.

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
