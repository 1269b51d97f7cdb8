#!/usr/bin/env bash
# Serves the book locally with live reload: installs the pinned mdBook tools
# if missing, then runs `mdbook serve`. Extra arguments go to mdbook serve
# (e.g. `ci/serve.sh --open`).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$ROOT/ci/install-tools.sh"
export PATH="$HOME/.cargo/bin:$PATH"
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-3000}
say "serving the book at http://$HOST:$PORT/ (Ctrl-C stops)"
cd "$ROOT"
exec mdbook serve --hostname "$HOST" --port "$PORT" "$@"
