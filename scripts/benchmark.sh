#!/usr/bin/env bash
# HTTP benchmark of the public pages at 30,000 products.
#
#   scripts/benchmark.sh                 # embedded SQLite in a temporary directory
#   scripts/benchmark.sh > results.md    # the table goes to stdout, progress to stderr
#   scripts/benchmark.sh /robots.txt /produk/   # only these URLs (the first is the baseline)
#
# What it does: builds a fresh database with `load_demo --scale 30000`, serves the
# site with gunicorn (2 sync workers, DEBUG off, no caching), runs wrk for 10 s per
# URL (2 threads, 8 connections) and prints a Markdown table. Everything it starts
# or creates is stopped and removed on exit, also when a step fails.
#
# Read the numbers as ratios to the first row (/robots.txt, a trivial view measured
# in the same run): wrk shares the machine's cores with gunicorn, so absolute
# requests/s say as much about the machine as about the pages. The last column,
# "other CPU", is the share of the CPU that other processes took during that row;
# above about 10 % the row is disturbed (a test run, a browser): run it again.
# Exit status 2: some URL answered non-2xx or failed; gunicorn's output is shown.
#
# Environment (all optional):
#   DATABASE_URL   benchmark this database instead of a temporary SQLite file, e.g.
#                  PostgreSQL. It is migrated and filled with the demo and synthetic
#                  data, so use a throwaway one:
#                    url=$(scripts/pg_throwaway.sh start /tmp/bench-pg)
#                    DATABASE_URL=$url scripts/benchmark.sh
#                    scripts/pg_throwaway.sh stop /tmp/bench-pg
#   SCALE          synthetic products (default 30000)
#   DURATION       wrk run per URL (default 10s)
#   THREADS, CONNECTIONS, WORKERS   wrk threads (2), connections (8), gunicorn workers (2)
#   CONN_MAX_AGE   passed on to the settings (default 60: connections kept a minute)
#   PAGE_CACHE     false measures every page rendered afresh (a cache miss each time)
#   WRK_TIMEOUT    a response slower than this counts as a wrk timeout error (default 30s;
#                  wrk's own 2s default would drop the slowest pages from the latencies)
#
# Needs the virtualenv (`make install`) and wrk (`apt-get install -y wrk`; installed
# here when missing and running as root).
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python
SCALE=${SCALE:-30000}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}
WORKERS=${WORKERS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}

# The first URL is the baseline every other row is compared with.
DEFAULT_URLS=(
  /robots.txt
  /
  /kecamatan/balikpapan-kota/
  /sentra/pujasera-contoh-klandasan/
  /tenan/kepiting-saus-klandasan/
  /produk/
  "/produk/?kecamatan=balikpapan-kota&kategori=makanan&halal=1&urut=-harga"
  "/produk/?q=amplang"
  "/produk/?page=500"
  /produk/kepiting-saus-padang-kepiting-saus-klandasan/
  /kuliner/
  /progres/
  /en/produk/
  /sitemap-produk-id.xml
)
if [ $# -gt 0 ]; then URLS=("$@"); else URLS=("${DEFAULT_URLS[@]}"); fi

log() { echo "benchmark: $*" >&2; }

[ -x "$PY" ] && [ -x "$VENV/bin/gunicorn" ] || {
  log "no virtualenv with gunicorn in $VENV; run 'make install' first"
  exit 1
}
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    log "installing wrk"
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    log "wrk is missing: apt-get install -y wrk"
    exit 1
  fi
fi

# shellcheck source=scripts/serving.sh
source "$(dirname "$0")/serving.sh"

# Settings come from django-environ, and the process environment wins over .env:
# this keeps the developer's .env (DEBUG=true, their database) out of the numbers.
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL="sqlite:///$tmp/bench.sqlite3"
fi
export DEBUG=false SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=false
# Plain HTTP on loopback, as `make serve`: no redirect to HTTPS (every row would be a 301).
export SECURE_SSL_REDIRECT=false
export MEDIA_ROOT="$tmp/media" STATIC_ROOT="$tmp/static"
log "database: ${DATABASE_URL%%://*} (CONN_MAX_AGE=${CONN_MAX_AGE:-60}, PAGE_CACHE=${PAGE_CACHE:-true})"
# Which code was measured: the app may have changed since the last commit.
if git rev-parse --git-dir >/dev/null 2>&1; then
  log "code: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + uncommitted changes')"
fi

started=$SECONDS
"$PY" manage.py createcachetable
"$PY" manage.py migrate --noinput --verbosity 0
DEMO_SITE=true "$PY" manage.py load_demo --scale "$SCALE" >&2
# PostgreSQL plans queries from table statistics and reads index-only scans only for
# pages its visibility map marks all-visible. Right after a bulk load it has neither
# until autovacuum gets round to it (a few minutes later, on a live server): the
# catalogue's queries took seconds, and the per-centre product counts hashed the whole
# product table per centre. VACUUM ANALYZE now does what autovacuum would.
# SQLite keeps no statistics unless told to, and the app never tells it.
"$PY" manage.py shell -c "
from django.db import connection
if connection.vendor == 'postgresql':
    connection.cursor().execute('VACUUM ANALYZE')
" >/dev/null
log "database ready in $((SECONDS - started)) s"

# Static files are not benchmarked, but a manifest storage (e.g. WhiteNoise's) makes
# every page fail without collected files; the default storage needs none.
if "$PY" manage.py shell -c \
  "from django.contrib.staticfiles.storage import staticfiles_storage as s; raise SystemExit(0 if hasattr(s, 'manifest_name') else 1)" \
  >/dev/null 2>&1; then
  log "collecting static files (the static storage needs a manifest)"
  "$PY" manage.py collectstatic --noinput --verbosity 0
fi

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# Gunicorn's output (Django's error tracebacks included) goes to a log we show on problems.
# No access log: it is off by default (`--access-logfile none` would write a file named
# "none"). No control socket: its default path is shared by every gunicorn of this user.
start_gunicorn "$base" "$tmp/gunicorn.log" "$VENV/bin/gunicorn" balikpapan_umkm.wsgi \
  -w "$WORKERS" -b "127.0.0.1:$port" --error-logfile - --no-control-socket
log "gunicorn ($WORKERS workers) on $base"

# wrk reports through this hook: the numbers of the whole run on one line.
cat >"$tmp/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT %d %d %.3f %.3f %.3f %d %d\n",
    summary.requests, summary.duration, latency.mean, latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

# Other busy processes (a test run, a browser) take the cores from gunicorn and wrk alike
# and make the numbers worthless. To show it, each row says how much CPU the rest of the
# machine used during its run: all busy CPU time (/proc/stat) minus what gunicorn, the
# database server and wrk used. All counters are in clock ticks (1/100 s).
# Interrupt time is left out of "busy": it is mostly our own loopback traffic (about 5 %
# at 2,000 requests/s), which no process is charged for.
machine_ticks() { # busy (user, nice, system) and all CPU time, summed over the cores
  awk '/^cpu / { busy = $2 + $3 + $4; print busy, busy + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}
proc_ticks() { # utime + stime of one process (with WITH_CHILDREN=1, also of its exited children)
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk -v c="${WITH_CHILDREN:-0}" '{ print $12 + $13 + (c ? $14 + $15 : 0) }'
}
server_ticks() { # a pre-forking server: the master, the children it has reaped, the live ones
  local total pid t
  [ -n "$1" ] || { echo 0; return; }
  total=$(WITH_CHILDREN=1 proc_ticks "$1"); total=${total:-0}
  for pid in $(pgrep -P "$1" || true); do t=$(proc_ticks "$pid"); total=$(( total + ${t:-0} )); done
  echo "$total"
}
# A database server on this machine (PostgreSQL) works for every request too: find it
# by the port in DATABASE_URL and count it as ours.
db_pid=
if [[ $DATABASE_URL =~ ^[a-z0-9+]+://([^@/]*@)?(127\.0\.0\.1|localhost):([0-9]+)/ ]]; then
  db_pid=$(ss -Hltnp "sport = :${BASH_REMATCH[3]}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)
  [ -n "$db_pid" ] || log "database server not found by its port; its CPU counts as other CPU"
fi
count_our_ticks() { # sets $ours: CPU used so far by gunicorn, the database server and wrk
  # wrk's share comes from the times builtin, which must run in this shell (not in a
  # $(...) subshell, which has children of its own) and counts finished children only.
  times >"$tmp/times"
  ours=$(( $(server_ticks "$gunicorn_pid") + $(server_ticks "$db_pid") + $(awk \
    'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 100 }' \
    "$tmp/times") ))
}

problems=0
: >"$tmp/results"
for url in "${URLS[@]}"; do
  # One request first: it warms the page up and shows its status, which wrk does not
  # (wrk counts only 4xx/5xx as errors, so a redirect would pass unnoticed).
  status=$(curl -s -o /dev/null -w '%{http_code}' "$base$url")
  log "$url: HTTP $status, running wrk for $DURATION"
  read -r busy0 all0 < <(machine_ticks); count_our_ticks; ours0=$ours
  line=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout "$WRK_TIMEOUT" --latency \
    -s "$tmp/report.lua" "$base$url" | grep '^WRK_RESULT') || { log "wrk failed on $url"; exit 1; }
  read -r busy1 all1 < <(machine_ticks); count_our_ticks; ours1=$ours
  # Share of the machine's CPU capacity used by other processes during the run.
  other=$(( ((busy1 - busy0) - (ours1 - ours0)) * 100 / (all1 - all0 > 0 ? all1 - all0 : 1) ))
  [ "$other" -ge 0 ] || other=0
  if [ "$other" -gt 10 ]; then log "WARNING: other processes used ${other}% of the CPU during $url"; fi
  read -r _ requests duration_us mean_us p95_us p99_us non2xx sockerr <<<"$line"
  if [ "${status:0:1}" != 2 ]; then non2xx=$requests; fi # every response was the same non-2xx page
  if [ "$non2xx" != 0 ] || [ "$sockerr" != 0 ]; then problems=1; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$url" "$status" "$requests" "$duration_us" "$mean_us" "$p99_us" "$non2xx" "$sockerr" "$other" "$p95_us" >>"$tmp/results"
done

# The table: requests/s and latencies per URL, and requests/s as a ratio to the baseline.
# "other CPU" above about 10 % means the row was disturbed by something else: run again.
echo "| URL | status | requests/s | mean latency | p95 latency | p99 latency | non-2xx | ratio to baseline | p95 ÷ baseline p95 | other CPU |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F '\t' '
  function ms(us) { return us < 10000 ? sprintf("%.1f ms", us / 1000) : sprintf("%.0f ms", us / 1000) }
  function num(x) { return x < 100 ? sprintf("%.1f", x) : sprintf("%.0f", x) }
  {
    rps = $3 / ($4 / 1e6)
    if (NR == 1) { baseline = rps; baseline_p95 = $10 }
    errors = $7 + 0
    if ($8 > 0) errors = errors " (+" $8 " socket errors/timeouts)"
    mean = ($3 > 0) ? ms($5) : "-"  # no response completed within the run
    p99 = ($3 > 0) ? ms($6) : "-"
    p95 = ($3 > 0) ? ms($10) : "-"
    ratio = (baseline > 0) ? rps / baseline : 0  # not inside printf: there ">" redirects
    slower = (baseline_p95 > 0) ? $10 / baseline_p95 : 0
    printf "| `%s` | %s | %s | %s | %s | %s | %s | %.3f | %.1f | %d %% |\n", $1, $2, num(rps), mean, p95, p99, errors, ratio, slower, $9
  }' "$tmp/results"

if [ "$problems" = 1 ]; then
  log "some requests failed; gunicorn's output follows, each distinct line once"
  awk '!seen[$0]++' "$tmp/gunicorn.log" | tail -n 80 >&2
  exit 2
fi
