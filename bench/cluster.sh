#!/usr/bin/env bash
# High-availability benchmark (issue 12; method and figures in docs/benchmarks.md):
#   bench/cluster.sh [agents=1000] [steps-per-request=20] [kill-runs=3]
# BENCH_ROUNDS: throughput rounds (2; the last is the figure); BENCH_NODE_OPTS: JVM options for every
# node, "%d" its index (a profiler: -XX:StartFlightRecording=filename=/tmp/node-%d.jfr).
# In one run: 3 `shiplock server` processes on one fresh PostgreSQL database with the agents spread
# over them, kill -9 of a node while work runs (kill-runs times), then 1 node alone on another fresh
# database with the same agents; dispatch p50/p99, completions per minute and heap per node side by side.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
agents=${1:-1000}; steps=${2:-20}; kills=${3:-3}
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
jar="$repo/shiplock-cli/target/shiplock.jar" # its manifest names the libraries
work=$(mktemp -d)
# The Java side stops its nodes on exit; this catches a client that was killed itself.
trap 'if [ -f "$work/pids" ]; then while read -r p; do kill -9 "$p" 2>/dev/null || true; done <"$work/pids"; fi; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work" "${classes:-}"' EXIT
"$repo/scripts/postgres.sh" >/dev/null
bench_pg_crowded
pg="127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}"
stamp=$(date +%s)
for db in "bench_ha3_$stamp" "bench_ha1_$stamp"; do
  psql -q "postgresql://postgres@$pg/postgres" -c "CREATE DATABASE $db" >/dev/null
done
# Every node of a database has the same secret key (nodes with different keys refuse to start).
SHIPLOCK_SECRET_KEY=$(head -c 32 /dev/urandom | base64)
export SHIPLOCK_SECRET_KEY SHIPLOCK_ADMIN_PASSWORD=bench-password
classes=$(bench_compile "$jar" Cluster.java)
bench_begin "cluster: $agents agents, $steps steps per request, $kills kill runs"
"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar:$classes" Cluster \
  "$jar" "$agents" "$steps" "$kills" "$work" \
  "jdbc:postgresql://$pg/bench_ha3_$stamp?user=postgres" "jdbc:postgresql://$pg/bench_ha1_$stamp?user=postgres"
bench_end
