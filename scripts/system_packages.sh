#!/usr/bin/env bash
# The programs from Debian's packages that the tests drive, installed if missing:
#   chromium-headless-shell  browser tests (Playwright drives it, never a download)
#   chromium      the full browser: scripts/lighthouse.sh, scripts/make_icons.py
#   redis-server  the shared cache of the production tests and `make demo-cluster`
#   nginx         their balancer (nginx-light is enough)
#   zbar-tools    zbarimg, which reads the QR cards back in their tests (balikpapan_umkm/qr_cards.py)
#   postgresql    only with --postgresql: `make demo-cluster` and `.ci/run`
# As root with apt-get, missing packages are installed; otherwise the command to run
# is printed and the script fails, so that no test is silently left out.
set -euo pipefail

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/lib/chromium/chromium-headless-shell ]] || need+=(chromium-headless-shell)
command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || need+=(redis-server)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v zbarimg >/dev/null || [[ -x /usr/bin/zbarimg ]] || need+=(zbar-tools)
if [[ "${1:-}" == --postgresql ]]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fi
((${#need[@]})) || exit 0

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing from Debian's packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing system packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
