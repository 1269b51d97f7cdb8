#!/usr/bin/env bash
# Weighs a site built by ci/build-site.sh against ci/page-budget.toml: the
# fonts each page uses are measured in headless Chromium
# (ci/node/page-fonts.mjs), then `site-check weight` prints what each page
# loads, with and without its diagrams, and fails when a page is over its
# budget or its diagrams add more than the budget allows.
#
#   ci/page-weight.sh SITE_DIR [--release]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || die "usage: ci/page-weight.sh SITE_DIR [--release]"
site=$1
shift
cd "$ROOT"
fonts=$(mktemp)
trap 'rm -f "$fonts"' EXIT
node ci/node/page-fonts.mjs "$site" >"$fonts" || die "could not measure the fonts of $site"
cargo run --quiet "$@" -p site-check -- weight "$site" \
    --budget ci/page-budget.toml --site-url "$(site_url)" --fonts "$fonts"
