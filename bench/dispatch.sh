#!/usr/bin/env bash
# Dispatch benchmark (method and figures in docs/benchmarks.md):
#   bench/dispatch.sh [agents=500] [steps-per-request=20] [embedded|postgres|both|h2]
# embedded: SQLite, the default store; h2: an H2 file store (the embedded store until 2026-11-30,
# still read for old homes, not promised durable: docs/operations.md).
# The server JVM runs with the launcher's server flags (-XX:+UseSerialGC); BENCH_JAVA_OPTS overrides them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
agents=${1:-500}; steps=${2:-20}; which=${3:-both}
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
cp="$repo/shiplock-cli/target/shiplock.jar" # its manifest names the libraries
classes=$(bench_compile "$cp" Dispatch.java); trap 'rm -rf "$classes"' EXIT
bench_begin "dispatch: $agents agents, $steps steps per request, store $which"
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp:$classes" Dispatch "$agents" "$steps" "${1:-}"; }
if [ "$which" = embedded ] || [ "$which" = both ]; then echo "== embedded store (SQLite)"; run ""; fi
if [ "$which" = h2 ]; then
  h2dir=$(mktemp -d); trap 'rm -rf "$h2dir" "$classes"' EXIT
  echo "== H2 file store"; run "jdbc:h2:$h2dir/db"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  admin=$("$repo/scripts/postgres.sh")
  bench_pg_crowded
  db="bench_$(date +%s)"
  psql -q "postgresql://postgres@127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/postgres" -c "CREATE DATABASE $db" >/dev/null
  echo "== PostgreSQL"
  run "jdbc:postgresql://127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/$db?user=postgres"
fi
bench_end
