#!/usr/bin/env bash
# Where the time goes between one step's end and the next one's start (issue 18; method and
# figures in docs/benchmarks.md):
#   bench/step-gap.sh [requests=30] [steps-per-request=20] [embedded|postgres]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
requests=${1:-30}; steps=${2:-20}; which=${3:-embedded}
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
cp="$repo/shiplock-cli/target/shiplock.jar" # its manifest names the libraries
url=""
if [ "$which" = postgres ]; then
  "$repo/scripts/postgres.sh" >/dev/null
  bench_pg_crowded
  db="bench_gap_$(date +%s)"
  psql -q "postgresql://postgres@127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/postgres" -c "CREATE DATABASE $db" >/dev/null
  url="jdbc:postgresql://127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/$db?user=postgres"
fi
bench_begin "step gap: $requests requests x $steps steps, store $which"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$repo/bench/StepGap.java" "$requests" "$steps" "$url"
bench_end
