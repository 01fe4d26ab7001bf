# Sourced by benchmark.sh and lighthouse.sh (after they define `log`): a temporary folder
# in $tmp and a gunicorn of their own, both gone when the script exits, however it exits.
#
#   start_gunicorn BASE_URL LOG_FILE gunicorn-arguments...

tmp=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
gunicorn_pid=
cleanup() {
  local status=$?
  if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_gunicorn() { # sets gunicorn_pid; returns once BASE_URL/robots.txt answers
  local base=$1 logfile=$2
  shift 2
  "$@" >"$logfile" 2>&1 &
  gunicorn_pid=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$base/robots.txt" 2>/dev/null && return 0
    kill -0 "$gunicorn_pid" 2>/dev/null || { cat "$logfile" >&2; log "gunicorn exited"; exit 1; }
    sleep 0.2
  done
  cat "$logfile" >&2
  log "gunicorn does not answer"
  exit 1
}
