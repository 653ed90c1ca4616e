#!/usr/bin/env bash
# Installs (if needed) and starts a throwaway PostgreSQL server on
# 127.0.0.1:${PGPORT:-55432} for the tests, owned by the postgres user, with
# its data under ${EXTRALIT_PG_CACHE:-/var/lib/extralit-ci}/pgdata (outside /root, which the
# postgres user cannot enter). Prints the export line for TEST_POSTGRES_URL. `postgres.sh stop` stops it.
set -euo pipefail
port=${PGPORT:-55432}
cache=${EXTRALIT_PG_CACHE:-/var/lib/extralit-ci}
data=$cache/pgdata
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

if [ "${1:-}" = stop ]; then
  [ -n "$pgbin" ] && [ -d "$data" ] && su postgres -c "$pgbin/pg_ctl -D '$data' -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi

if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "installing postgresql from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

mkdir -p "$cache"
if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"; mkdir -p "$data"; chown postgres:postgres "$data"
  su postgres -c "$pgbin/initdb -D '$data' -A trust -U postgres -E UTF8" >/dev/null
fi
chown -R postgres:postgres "$data"
if ! su postgres -c "$pgbin/pg_ctl -D '$data' status" >/dev/null 2>&1; then
  su postgres -c "$pgbin/pg_ctl -D '$data' -l '$data/server.log' -w -t 60 \
    -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' start" >/dev/null
fi
for _ in $(seq 1 60); do
  if su postgres -c "$pgbin/pg_isready -h 127.0.0.1 -p $port" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='extralit_test'\"" | grep -q 1 ||
  su postgres -c "psql -h 127.0.0.1 -p $port -U postgres -c 'CREATE DATABASE extralit_test'" >/dev/null
echo "export TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$port/extralit_test?sslmode=disable"
