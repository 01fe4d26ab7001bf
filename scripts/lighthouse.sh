#!/usr/bin/env bash
# Lighthouse (mobile) on four public pages, served as in production, printed as a Markdown table.
#
#   scripts/lighthouse.sh            # part of `make bench`; about 1.5 minutes
#
# What it does: installs Lighthouse 12 from npm into .cache/lighthouse (once; Lighthouse 13
# needs Node 22, Debian has 20), builds the demo in a temporary SQLite database, serves it
# with gunicorn as `make serve` does (DEBUG off, WhiteNoise, hashed static files, media
# through Django), and runs Lighthouse's default mobile emulation on Debian's Chromium
# against `/`, `/produk/`, a centre page and `/kuliner/`.
#
# Map tiles come from OpenStreetMap. On a machine that cannot reach it, every tile fails
# and Lighthouse's "errors in the console" audit costs the two map pages some best-practices
# points; the table says how many console errors were tile requests.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PAGES=("/" "/produk/" "/sentra/pujasera-contoh-klandasan/" "/kuliner/")
log() { echo "lighthouse: $*" >&2; }

[ -x "$CHROMIUM" ] || { log "$CHROMIUM is missing (scripts/system_packages.sh installs it)"; exit 1; }
command -v npm >/dev/null || { log "npm is missing: apt-get install -y npm"; exit 1; }
lighthouse=.cache/lighthouse/node_modules/.bin/lighthouse
if [ ! -x "$lighthouse" ]; then
  log "installing lighthouse@12 into .cache/lighthouse"
  npm install --prefix .cache/lighthouse --no-audit --no-fund --silent lighthouse@12 >&2
fi

# shellcheck source=scripts/serving.sh
source "$(dirname "$0")/serving.sh"

# The process environment wins over .env (django-environ): the developer's settings stay out.
export DATABASE_URL="sqlite:///$tmp/db.sqlite3" DEBUG=false SECRET_KEY=lighthouse-only
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=false SECURE_SSL_REDIRECT=false SERVE_MEDIA=true
export MEDIA_ROOT="$tmp/media" STATIC_ROOT="$tmp/static" CACHE_URL=locmemcache://
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export SITE_URL="http://127.0.0.1:$port"
"$PY" manage.py migrate --noinput --verbosity 0
DEMO_SITE=true "$PY" manage.py load_demo >/dev/null
"$PY" manage.py collectstatic --noinput --verbosity 0
BIND="127.0.0.1:$port" start_gunicorn "$SITE_URL" "$tmp/gunicorn.log" \
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py balikpapan_umkm.wsgi

for path in "${PAGES[@]}"; do
  log "$path"
  curl -fsS -o /dev/null "$SITE_URL$path" # warm: the first render fills the thumbnail memo
  # Lighthouse now and then fails to record the trace (NO_NAVSTART): try a page up to 3 times.
  for attempt in 1 2 3; do
    CHROME_PATH="$CHROMIUM" "$lighthouse" "$SITE_URL$path" --quiet --output=json \
      --output-path="$tmp/$(echo "$path" | tr '/' '_').json" \
      --chrome-flags="--headless --no-sandbox --disable-gpu" && break
    [ "$attempt" -lt 3 ] || { log "$path failed 3 times"; exit 1; }
    log "$path: trying again"
  done
done

"$PY" - "$tmp" "${PAGES[@]}" <<'PY'
import json, sys
from pathlib import Path

folder, pages = Path(sys.argv[1]), sys.argv[2:]
print("| page | performance | accessibility | best practices | SEO | largest contentful paint | console errors (of them map tiles) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for path in pages:
    report = json.loads((folder / (path.replace("/", "_") + ".json")).read_text())
    scores = [round(report["categories"][c]["score"] * 100) for c in ("performance", "accessibility", "best-practices", "seo")]
    lcp = report["audits"]["largest-contentful-paint"]["displayValue"].replace("\u00a0", " ")
    errors = report["audits"]["errors-in-console"]["details"].get("items", [])
    urls = [(item.get("sourceLocation") or {}).get("url") or item.get("url") or "" for item in errors]
    tiles = sum("tile.openstreetmap.org" in url for url in urls)
    print(f"| `{path}` | " + " | ".join(map(str, scores)) + f" | {lcp} | {len(errors)} ({tiles}) |")
PY
