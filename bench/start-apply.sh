#!/usr/bin/env bash
# Benchmarks of the foundation (see docs/benchmarks.md for method and figures):
#   1. server start to ready on the embedded store (SQLite) (fresh home, then an existing one)
#   2. apply of 500 components / 20 environments / 2,000 steps, then plan and apply with no change
# Usage: bench/start-apply.sh [runs]   (default 5 runs each; prints one line per measurement)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
runs=${1:-5}
command -v curl >/dev/null || apt_install curl
"$repo/shiplock" --version >/dev/null  # builds the distribution if needed
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=18790
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

server_pid=""
started_ms=0
start_server() { # home; sets started_ms: from launch to /readyz answering 200
  local t0; t0=$(date +%s%N)
  SHIPLOCK_ADMIN_PASSWORD=bench-password "$repo/shiplock" server --home "$1" --port $port >"$work/server.log" 2>&1 &
  server_pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.02
  done
  started_ms=$(ms "$t0")
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

bench_begin "start to ready and apply, $runs runs each"
# One warm-up start: on JDK 21-24 it records the class-data-sharing archive, as a user's first start
# does; on JDK 25+ the launcher recorded the ahead-of-time cache after its build.
start_server "$work/warm-up"; stop_server
echo "== start to ready (embedded store, SQLite), $runs runs"
for i in $(seq "$runs"); do
  home="$work/home-$i"
  start_server "$home"; echo "fresh home:    $started_ms ms"; stop_server
  start_server "$home"; echo "existing home: $started_ms ms"; stop_server
done

echo "== apply 500 components / 20 environments / 2,000 steps (embedded store, SQLite)"
"$JAVA_HOME/bin/java" "$repo/bench/GenerateConfig.java" "$work/config" >/dev/null
start_server "$work/home-apply"
export SHIPLOCK_CONFIG_DIR="$work/cli" SHIPLOCK_SERVER="http://127.0.0.1:$port"
echo bench-password | "$repo/shiplock" login --user admin --password-stdin >/dev/null
cli() { "$repo/shiplock" "$@" -f "$work/config" -o json | sed -n 's/.*"elapsedMs" : \([0-9]*\).*/\1/p'; }
t0=$(date +%s%N); server_ms=$(cli apply); echo "first apply:      server ${server_ms} ms, CLI total $(ms "$t0") ms"
for i in $(seq "$runs"); do
  t0=$(date +%s%N); server_ms=$(cli plan); echo "plan, no change:  server ${server_ms} ms, CLI total $(ms "$t0") ms"
  t0=$(date +%s%N); server_ms=$(cli apply); echo "apply, no change: server ${server_ms} ms, CLI total $(ms "$t0") ms"
done
bench_end
