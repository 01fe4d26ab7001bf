#!/usr/bin/env bash
# A throwaway PostgreSQL server on a free loopback port, for tests.
#
#   scripts/pg_throwaway.sh start DIR   prints the DATABASE_URL to use
#   scripts/pg_throwaway.sh stop DIR
#
# Needs Debian's postgresql package (initdb and pg_ctl under /usr/lib/postgresql/*/bin).
# initdb refuses to run as root, so as root the server runs as the postgres user.
set -euo pipefail

cmd=${1:?usage: pg_throwaway.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: pg_throwaway.sh start|stop DIR}")
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    # Leftovers of a crashed run: stop and remove them first.
    if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log"
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    as_pg "$bindir/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE sentra LOGIN PASSWORD '$password' CREATEDB" \
      -c "CREATE DATABASE sentra OWNER sentra"
    echo "postgres://sentra:$password@127.0.0.1:$port/sentra"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_throwaway.sh start|stop DIR" >&2; exit 2 ;;
esac
