#!/usr/bin/env bash
# Installs PostgreSQL from Debian packages when missing and starts a throw-away cluster for the
# tests on port ${SHIPLOCK_TEST_PG_PORT:-55432}. Prints the JDBC URL on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
port=${SHIPLOCK_TEST_PG_PORT:-55432}
data=${SHIPLOCK_TEST_PG_DATA:-/tmp/shiplock-test-pg}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing PostgreSQL (Debian packages)..." >&2
  apt_install postgresql
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  as_root rm -rf "$data"
  as_root mkdir -p "$data"
  as_root chown postgres:postgres "$data"
  as_root runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  as_root runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/log" -w \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
fi
echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
