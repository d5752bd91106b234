#!/usr/bin/env bash
# Backup and restore times (issue 13; method and figures in docs/benchmarks.md):
#   bench/backup-restore.sh [embedded|postgresql]
# One run on the apply benchmark's data set (bench/GenerateConfig.java: 500 components, 20
# environments, 2,000 steps): a real server, `shiplock apply`, then `shiplock backup --to` while it
# runs, the server stopped, `shiplock restore` into a fresh home (and, on PostgreSQL, a fresh
# database). Times are wall clock of each CLI command, its JVM start included.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
store=${1:-embedded}
"$repo/shiplock" --version >/dev/null # builds the distribution when needed
jar="$repo/shiplock-cli/target/shiplock.jar"
java="$JAVA_HOME/bin/java"
w=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
db=()
restore_to=()
if [ "$store" = postgresql ]; then
  "$repo/scripts/postgres.sh" >/dev/null
  bench_pg_crowded
  pg="postgresql://postgres@127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}"
  a="bench_backup_a_$$"; b="bench_backup_b_$$"
  psql -q "$pg/postgres" -c "CREATE DATABASE $a" -c "CREATE DATABASE $b"
  db=(--db "jdbc:postgresql://127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/$a?user=postgres")
  restore_to=(--db "jdbc:postgresql://127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/$b?user=postgres")
fi
trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$w"; [ -n "${a:-}" ] && psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $a" -c "DROP DATABASE IF EXISTS $b"' EXIT
bench_begin "backup and restore, store $store, 1 run"
"$java" "$repo/bench/GenerateConfig.java" "$w/config" >/dev/null
SHIPLOCK_ADMIN_PASSWORD=bench-password "$java" -jar "$jar" server --home "$w/home" --port "$port" "${db[@]}" >"$w/server.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.1; done
export SHIPLOCK_CONFIG_DIR="$w/cli" SHIPLOCK_SERVER="http://127.0.0.1:$port"
echo bench-password | "$java" -jar "$jar" login --user admin --password-stdin >/dev/null
"$java" -jar "$jar" apply -f "$w/config" -o json >/dev/null
t0=$(date +%s%N); "$java" -jar "$jar" backup --to "$w/backup.zip"
echo "backup: $(( ($(date +%s%N) - t0) / 1000000 )) ms wall, archive $(stat -c %s "$w/backup.zip") bytes"
kill "$pid"; wait "$pid" || true; pid=
t0=$(date +%s%N)
"$java" -jar "$jar" restore --from "$w/backup.zip" --home "$w/restored" "${restore_to[@]}" --key "$w/home/secret.key"
echo "restore: $(( ($(date +%s%N) - t0) / 1000000 )) ms wall"
bench_end
