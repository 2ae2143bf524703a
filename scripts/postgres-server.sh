#!/usr/bin/env bash
# A throwaway PostgreSQL server for the SQL target's tests (test/sql/postgres.test.ts): a cluster
# in $MATDIFF_PG_DIR (default /tmp/matdiff-pg) on port $MATDIFF_PG_PORT (default 54329), trust
# authentication, its socket in that directory. Installs Debian's postgresql when the server is
# missing (with --install). Idempotent: a running server is left as it is. Prints the port.
set -euo pipefail
dir="${MATDIFF_PG_DIR:-/tmp/matdiff-pg}"
port="${MATDIFF_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "${1:-}" != "--install" ]; then
    echo "no PostgreSQL server here: apt-get install -y postgresql (or run $0 --install)" >&2
    exit 2
  fi
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql; } >&2
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
# initdb refuses to run as root: run the server as the postgres user then.
as() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ "$(id -u)" -eq 0 ]; then mkdir -p "$dir" && chown postgres "$dir"; else mkdir -p "$dir"; fi
if [ ! -f "$dir/PG_VERSION" ]; then
  as "'$bin/initdb' -D '$dir' -U postgres --auth=trust -E UTF8 >/dev/null"
fi
if ! as "'$bin/pg_ctl' -D '$dir' status" >/dev/null 2>&1; then
  as "'$bin/pg_ctl' -D '$dir' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=''\" start" >/dev/null
fi
echo "$port"
