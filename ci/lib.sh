# Helpers shared by the scripts in ci/. Source it; do not run it.

# The repository root, whatever directory the script was started from.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$ROOT/ci/versions.env"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# installed_version TOOL: the version TOOL prints, or nothing if it is missing.
installed_version() {
    command -v "$1" >/dev/null 2>&1 || return 0
    "$1" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n1
}

# cargo_tool CRATE BINARY VERSION: `cargo install` CRATE unless BINARY is
# already on PATH at exactly VERSION.
cargo_tool() {
    local crate=$1 bin=$2 want=$3 have
    have=$(installed_version "$bin")
    if [ "$have" = "$want" ]; then return 0; fi
    say "installing $crate $want (found: ${have:-none}); a cold build takes a few minutes"
    cargo install --locked --quiet "$crate" --version "$want" \
        || die "could not install $crate $want"
}

# site_url: the path the site is served from (book.toml's site-url), or /.
site_url() {
    local url
    url=$(sed -n 's/^site-url *= *"\(.*\)"/\1/p' "$ROOT/book.toml")
    echo "${url:-/}"
}
