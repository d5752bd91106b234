#!/usr/bin/env bash
# A Shiplock cluster on one machine: PostgreSQL (scripts/postgres.sh) with a database of its own,
# three `shiplock server` nodes on loopback ports sharing that database, one secret key and one
# directory of version files (--blobs), and HAProxy in front (Debian package haproxy, installed
# when missing) checking each node's /readyz.
# Usage: scripts/cluster.sh [start|stop|status|--help]
# Settings (environment): SHIPLOCK_CLUSTER_DIR (state, logs and homes; /tmp/shiplock-cluster),
# SHIPLOCK_CLUSTER_PORT (HAProxy; 8080), the nodes on the next ports (8081-8083).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/lib.sh"
state=${SHIPLOCK_CLUSTER_DIR:-/tmp/shiplock-cluster}
front=${SHIPLOCK_CLUSTER_PORT:-8080}
nodes=3
database=shiplock_cluster
PATH=$PATH:/usr/sbin # where Debian puts haproxy

node_port() { echo $((front + $1)); }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
ready() { curl -sf --max-time 3 "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; }

# A random secret once per cluster: the same key for every node (they refuse to share a database
# otherwise), kept in the state directory for restarts.
secret() {
  local file=$1 make=$2
  if [ ! -s "$file" ]; then
    (umask 077 && eval "$make" >"$file")
  fi
  cat "$file"
}

start() {
  find_jdk
  mkdir -p "$state"
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { echo "installing HAProxy (Debian package)..." >&2; apt_install haproxy; }
  local admin_url pg_port bin url
  admin_url=$("$here/postgres.sh")
  pg_port=${SHIPLOCK_TEST_PG_PORT:-55432}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -z "$("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    "$bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE $database"
  fi
  url=${admin_url/\/postgres\?/\/$database?}
  local key password
  key=$(secret "$state/secret.key" 'head -c 32 /dev/urandom | base64')
  password=$(secret "$state/admin-password" 'head -c 12 /dev/urandom | base64 | tr -d "/+="')
  # Builds the distribution once, before three nodes would each try to.
  "$repo/shiplock" --version >/dev/null

  local i port started=()
  for i in $(seq 1 "$nodes"); do
    port=$(node_port "$i")
    if alive "$state/node$i.pid"; then continue; fi
    mkdir -p "$state/node$i" "$state/blobs"
    SHIPLOCK_SECRET_KEY=$key SHIPLOCK_ADMIN_PASSWORD=$password \
      nohup "$repo/shiplock" server --home "$state/node$i" --port "$port" --db "$url" \
      --blobs "$state/blobs" >>"$state/node$i.log" 2>&1 &
    echo $! >"$state/node$i.pid"
    started+=("$i")
    # The first node creates the schema and the admin; the others start once it is ready.
    if [ "$i" = 1 ]; then wait_ready 1; fi
  done
  for i in "${started[@]}"; do wait_ready "$i"; done

  if ! alive "$state/haproxy.pid"; then
    local servers=""
    for i in $(seq 1 "$nodes"); do
      servers+="  server node$i 127.0.0.1:$(node_port "$i") check"$'\n'
    done
    # Round robin: any node serves any call, so the load spreads and every node is exercised.
    awk -v bind="127.0.0.1:$front" -v balance=roundrobin -v servers="$servers" \
      '{ gsub(/@BIND@/, bind); gsub(/@BALANCE@/, balance); sub(/@SERVERS@/, servers); print }' \
      "$here/haproxy.cfg.in" >"$state/haproxy.cfg"
    haproxy -c -q -f "$state/haproxy.cfg"
    nohup haproxy -f "$state/haproxy.cfg" -db >>"$state/haproxy.log" 2>&1 &
    echo $! >"$state/haproxy.pid"
  fi
  for _ in $(seq 1 40); do ready "$front" && break; sleep 0.25; done
  ready "$front" || { echo "shiplock: HAProxy does not answer on :$front; see $state/haproxy.log" >&2; exit 1; }

  echo "Shiplock cluster: $nodes nodes on PostgreSQL database $database, HAProxy in front"
  echo "  URL:            http://127.0.0.1:$front  (web UI, API, agents)"
  for i in $(seq 1 "$nodes"); do echo "  node$i:          http://127.0.0.1:$(node_port "$i")"; done
  echo "  admin password: $password  (user admin)"
  echo "  log in:         ./shiplock login --server http://127.0.0.1:$front --user admin --password-stdin"
  echo "  state and logs: $state;  stop with: scripts/cluster.sh stop"
}

wait_ready() {
  local i=$1 port
  port=$(node_port "$i")
  for _ in $(seq 1 240); do
    ready "$port" && return 0
    alive "$state/node$i.pid" || break
    sleep 0.5
  done
  echo "shiplock: node$i did not become ready on :$port; its log ($state/node$i.log) ends:" >&2
  tail -n 20 "$state/node$i.log" >&2
  exit 1
}

stop() {
  local f pids=()
  for f in "$state"/haproxy.pid "$state"/node*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then
      kill "$(cat "$f")"
      pids+=("$(cat "$f")")
    fi
    rm -f "$f"
  done
  # A node drains on SIGTERM; give the nodes the time to, then end what is left.
  for _ in $(seq 1 60); do
    local left=0 p
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.5
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  echo "Shiplock cluster stopped (PostgreSQL keeps running: it is scripts/postgres.sh's)."
}

status() {
  local i port what
  for i in $(seq 1 "$nodes"); do
    port=$(node_port "$i")
    if ! alive "$state/node$i.pid"; then what="not running"
    elif ready "$port"; then what="ready (pid $(cat "$state/node$i.pid"))"
    else what="running, not ready (pid $(cat "$state/node$i.pid"))"; fi
    echo "node$i  http://127.0.0.1:$port  $what"
  done
  if ! alive "$state/haproxy.pid"; then what="not running"
  elif ready "$front"; then what="ready (pid $(cat "$state/haproxy.pid"))"
  else what="running, no node ready (pid $(cat "$state/haproxy.pid"))"; fi
  echo "haproxy http://127.0.0.1:$front  $what"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' ;;
  *) echo "usage: scripts/cluster.sh [start|stop|status|--help]" >&2; exit 2 ;;
esac
