#!/usr/bin/env bash
# Asks crates.io and PyPI again about every web framework in chapter 15's
# tables, and prints each cell of ci/frameworks.tsv that the registries now
# answer differently. Needs the network and python3 (3.11 or later, for
# tomllib), standard library only. Not run by ci/test.sh, which is offline.
#
#   ci/check-frameworks.sh            # prints the differences; exit 1 if any
#   ci/check-frameworks.sh --offline  # only checks that the chapter shows
#                                     # what the data file holds (its tables,
#                                     # and the #code lines in its prose)
#
# crates.io facts come from its sparse index (index.crates.io: versions,
# publication times, dependencies, features) and from each latest .crate's
# Cargo.toml (static.crates.io: the license); PyPI facts from its JSON API
# (pypi.org/pypi/NAME/json).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - ci/frameworks.tsv src/ch15-async-in-practice.md "$@" <<'EOF'
import io, json, re, sys, tarfile, tomllib, urllib.request

AGENT = "async-rust-book ci/check-frameworks.sh"

def get(url):
    request = urllib.request.Request(url, headers={"User-Agent": AGENT})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()

def index_path(name):
    n = name.lower()
    if len(n) <= 2:
        return f"{len(n)}/{n}"
    if len(n) == 3:
        return f"3/{n[0]}/{n}"
    return f"{n[:2]}/{n[2:4]}/{n}"

def semver_key(v):
    m = re.match(r"(\d+)\.(\d+)\.(\d+)", v)
    return tuple(int(x) for x in m.groups())

crates = {}
def crate(name):
    if name not in crates:
        lines = get(f"https://index.crates.io/{index_path(name)}").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        first = min(rows, key=lambda r: r["pubtime"])
        stable = [r for r in rows if not r["yanked"] and "-" not in r["vers"]]
        latest = max(stable, key=lambda r: semver_key(r["vers"]))
        crates[name] = (first, latest)
    return crates[name]

manifests = {}
def manifest(name):
    """The [package] table of the latest version's own Cargo.toml."""
    if name not in manifests:
        v = crate(name)[1]["vers"]
        data = get(f"https://static.crates.io/crates/{name}/{name}-{v}.crate")
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            toml = tar.extractfile(f"{name}-{v}/Cargo.toml").read()
        manifests[name] = tomllib.loads(toml.decode())["package"]
    return manifests[name]

def crate_facts(name):
    first, latest = crate(name)
    v = latest["vers"]
    license_ = manifest(name).get("license", "")
    return [first["vers"], first["pubtime"][:10], v, latest["pubtime"][:10],
            license_]

def crate_check(check):
    kind, _, what = check.partition(":")
    if kind == "deprecated":
        return manifest(what).get("description", "").startswith("Deprecated")
    if kind == "dep":
        a, b = what.split(">")
        deps = crate(a)[1]["deps"]
        names = {d.get("package", d["name"]) for d in deps if d["kind"] != "dev"}
        return b in names
    a, feature = re.match(r"(.+)\[(.+)\]", what).groups()
    return feature in crate(a)[1]["features"]

pypi = {}
def project(name):
    if name not in pypi:
        pypi[name] = json.loads(get(f"https://pypi.org/pypi/{name}/json"))
    return pypi[name]

def pypi_facts(name):
    p = project(name)
    uploads = {v: min(f["upload_time_iso_8601"] for f in files)
               for v, files in p["releases"].items() if files}
    first = min(uploads, key=uploads.get)
    info = p["info"]
    latest = info["version"]
    license_ = info.get("license_expression") or info.get("license") or ""
    return [first, uploads[first][:10], latest, uploads[latest][:10], license_]

def pypi_check(check):
    a, b = check.partition(":")[2].split(">")
    requires = project(a)["info"].get("requires_dist") or []
    return any(re.match(rf"{re.escape(b)}\b", r, re.I) for r in requires)

columns = ["first_version", "first_date", "latest_version", "latest_date",
           "license"]
rows, firsts_with_code = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#code\t"):
        firsts_with_code.append(line.rstrip("\n").split("\t")[1:])
        continue
    if line.startswith("#") or line.startswith("registry\t"):
        continue
    registry, package, *cells = line.rstrip("\n").split("\t")
    rows.append((registry, package, cells[:5], cells[5].split()))

# Offline: each framework's row in the chapter shows the data file's cells.
differences = 0
chapter = open(sys.argv[2], encoding="utf-8").read().splitlines()
for registry, package, (fv, fd, lv, ld, license_), _ in rows:
    if package == "async-std":
        wanted = [f"{lv}, on {ld}"]
        if not any(w in " ".join(chapter) for w in wanted):
            print(f"chapter: async-std's latest release is not {lv}, {ld}")
            differences += 1
        continue
    shown = [l for l in chapter if l.startswith("| [") and f"(`{package}`)" in l]
    cells = [f"| {fv}, {fd} |", f"| {lv}, {ld} |", f"| {license_} |"]
    if len(shown) != 1 or not all(c in shown[0] for c in cells):
        print(f"chapter: the row of {package} does not show {cells}")
        differences += 1
# The first versions with code, as the chapter's prose gives them.
prose = " ".join(" ".join(chapter).split())
for name, package, version, date in firsts_with_code:
    if f"{name} {version} of {date}" not in prose:
        print(f"chapter: {package}'s first version with code is not "
              f"given as {name} {version} of {date}")
        differences += 1
if "--offline" in sys.argv[3:]:
    print(f"{differences} difference(s)")
    sys.exit(1 if differences else 0)

for registry, package, recorded, checks in rows:
    facts = crate_facts if registry == "crates.io" else pypi_facts
    holds = crate_check if registry == "crates.io" else pypi_check
    try:
        now = facts(package)
        failed = [c for c in checks if not holds(c)]
    except Exception as error:
        print(f"{registry} {package}: could not ask: {error}")
        differences += 1
        continue
    for column, old, new in zip(columns, recorded, now):
        if old != new:
            print(f"{registry} {package} {column}: was {old!r}, now {new!r}")
            differences += 1
    for check in failed:
        print(f"{registry} {package}: no longer true: {check}")
        differences += 1
    print(f"{registry} {package}: checked", file=sys.stderr)
print(f"{differences} difference(s)")
sys.exit(1 if differences else 0)
EOF
