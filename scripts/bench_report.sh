#!/usr/bin/env bash
# `make bench` (SQLite) and `make bench-pg` (a throwaway PostgreSQL): run the benchmark
# with the page cache (hits) and without it (every page rendered: misses), at 30,000
# products and 16 connections, and write the figures into BENCHMARK.md.
#
#   scripts/bench_report.sh sqlite|postgresql
#
# BENCHMARK.md must describe a commit that exists: the working tree has to be clean
# (ALLOW_DIRTY=1 measures anyway and says so in the file).
set -euo pipefail
cd "$(dirname "$0")/.."

database=${1:?usage: bench_report.sh sqlite|postgresql}
export CONNECTIONS=${CONNECTIONS:-16} DURATION=${DURATION:-8s} SCALE=${SCALE:-30000}

commit=$(git rev-parse --short HEAD)
if ! git diff --quiet HEAD -- . || [ -n "$(git ls-files --others --exclude-standard)" ]; then
  if [ "${ALLOW_DIRTY:-0}" != 1 ]; then
    echo "bench: the working tree has changes; commit them first (BENCHMARK.md names a commit)" >&2
    exit 1
  fi
  commit="$commit + uncommitted changes"
fi

pgdir=
cleanup() { [ -z "$pgdir" ] || scripts/pg_throwaway.sh stop "$pgdir" || true; }
trap cleanup EXIT
case "$database" in
  sqlite) unset DATABASE_URL ;;
  postgresql)
    scripts/system_packages.sh --postgresql
    pgdir=$(mktemp -d /tmp/sentra-bench-pg.XXXXXX)
    DATABASE_URL=$(scripts/pg_throwaway.sh start "$pgdir")
    export DATABASE_URL
    ;;
  *) echo "usage: bench_report.sh sqlite|postgresql" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
PAGE_CACHE=true scripts/benchmark.sh >"$tmp/hit.md"
if [ "$database" = postgresql ]; then # a fresh database for the second run, as for the first
  scripts/pg_throwaway.sh stop "$pgdir"
  DATABASE_URL=$(scripts/pg_throwaway.sh start "$pgdir")
fi
PAGE_CACHE=false scripts/benchmark.sh >"$tmp/miss.md"

section() {
  cat <<EOF
<!-- $database -->
## $database

Measured $(date -u '+%Y-%m-%d %H:%M UTC') on commit \`$commit\`: $(nproc) cores
($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),
$(python3 --version), $SCALE synthetic products plus the demo, gunicorn with 2 sync workers,
wrk with $CONNECTIONS connections for $DURATION per URL on the same cores. Ratios are requests/s
over the first row's (\`/robots.txt\`) in the same run.

### Cache hits (PAGE_CACHE on: the page is kept in the shared cache)

$(cat "$tmp/hit.md")

### Cache misses (PAGE_CACHE off: every request renders the page)

$(cat "$tmp/miss.md")
<!-- /$database -->
EOF
}

# The front end does not depend on the database: Lighthouse runs with the SQLite benchmark.
lighthouse_section() {
  cat <<EOF
<!-- lighthouse -->
## Lighthouse (mobile)

Measured $(date -u '+%Y-%m-%d %H:%M UTC') on commit \`$commit\` by \`scripts/lighthouse.sh\`: Lighthouse 12
from npm, Debian's Chromium, default mobile emulation (simulated slow 4G), the demo data served as
\`make serve\` serves it (gunicorn, \`DEBUG=false\`, WhiteNoise).

$(cat "$tmp/lighthouse.md")

Map tiles come from \`tile.openstreetmap.org\`, which this machine cannot resolve: each failed tile is
a console error, and "errors in the console" is the one best-practices audit the map pages can
fail here. In visitors' browsers the tiles load.
<!-- /lighthouse -->
EOF
}
if [ "$database" = sqlite ]; then
  scripts/lighthouse.sh >"$tmp/lighthouse.md"
fi

file=BENCHMARK.md
[ -f "$file" ] || printf '# Benchmark\n\nWritten by `make bench` and `make bench-pg`; see the end for what the figures mean.\n' >"$file"
replace_section() { # replace_section NAME FILE: BENCHMARK.md's part between NAME's markers
  python3 - "$file" "$2" "$1" <<'PY'
import re, sys
path, section_path, name = sys.argv[1:]
text = open(path).read()
section = open(section_path).read().rstrip() + "\n"
pattern = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->\n?", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
open(path, "w").write(text)
PY
}
section >"$tmp/section.md"
replace_section "$database" "$tmp/section.md"
if [ "$database" = sqlite ]; then
  lighthouse_section >"$tmp/lighthouse-section.md"
  replace_section lighthouse "$tmp/lighthouse-section.md"
fi
rm -rf "$tmp"
echo "bench: $file updated ($database, commit $commit)" >&2
