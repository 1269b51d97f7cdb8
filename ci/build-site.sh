#!/usr/bin/env bash
# Builds the site exactly as GitHub Pages publishes it, into OUTDIR:
# `mdbook build`, then every mermaid diagram drawn into its page as inline
# SVG (ci/node/prerender-diagrams.mjs, in headless Chromium), so a page's
# diagrams show without JavaScript, in print, in the light and dark themes,
# and cost no 2.7 MB of mermaid. The Pages workflow, ci/test.sh and
# ci/bench-book.sh all build with it, so what is tested and weighed is what
# readers get. (`ci/serve.sh` still draws diagrams in the browser, so an
# edited one shows at once.)
#
#   ci/build-site.sh OUTDIR
#
# Needs the pinned mdBook tools, Node.js with ci/node's packages and
# Chromium: `ci/install-tools.sh --test` installs them. The site URL is
# book.toml's, or MDBOOK_OUTPUT__HTML__SITE_URL's (as the Pages workflow sets).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || die "usage: ci/build-site.sh OUTDIR"
export PATH="$HOME/.cargo/bin:$PATH"
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
# mdbook empties the output folder first: never let that be a source tree.
[ ! -e "$out/book.toml" ] && [ ! -e "$out/Cargo.toml" ] \
    || die "$out holds a project, not a site: choose an empty or built folder"
cd "$ROOT"
mdbook build --dest-dir "$out"
node ci/node/prerender-diagrams.mjs "$out"
