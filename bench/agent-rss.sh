#!/usr/bin/env bash
# Idle resident memory of an agent process started by ./shiplock agent, connected and polling.
# Usage: bench/agent-rss.sh [seconds-idle=20]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
idle=${1:-20}
bench_begin "agent idle memory after ${idle} s"
work=$(mktemp -d)
port=18791
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export SHIPLOCK_CONFIG_DIR="$work/cli"
SHIPLOCK_ADMIN_PASSWORD=bench "$repo/shiplock" server --home "$work/home" --port $port >"$work/server.log" 2>&1 &
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.2; done
echo bench | "$repo/shiplock" login --server "http://127.0.0.1:$port" --user admin --password-stdin >/dev/null
printf 'kind: Agent\nname: idle-agent\n' > "$work/agent.yaml"
"$repo/shiplock" apply -f "$work/agent.yaml" >/dev/null
token=$("$repo/shiplock" agents token create idle-agent)
for run in warm-up measured; do
  # The launcher execs java, so $! is the JVM itself.
  "$repo/shiplock" agent --server "http://127.0.0.1:$port" --token "$token" --name idle-agent --work-dir "$work/agent" >"$work/agent.log" 2>&1 &
  pid=$!
  sleep "$idle"
  rss=$(ps -o rss= -p "$pid")
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$run" = measured ] && echo "agent idle after ${idle}s connected: RSS $rss KiB ($((rss / 1024)) MiB), PSS $pss KiB ($((pss / 1024)) MiB)"
done
bench_end
