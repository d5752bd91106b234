#!/usr/bin/env bash
# Ensures what the Docker steps, their tests and the demo need: a running Docker engine that is a
# single-node swarm manager (for the swarm.service.* steps), two local registries (the private one
# on :5000 and the stand-in for the public one on :5001) and Debian's
# busybox-static, from which the example and test images are built FROM scratch (Docker Hub is not
# assumed reachable). Installs Debian's docker.io, docker-registry and busybox-static when missing
# and the user is root (or has sudo) on Debian; otherwise says what to install.
# Prints nothing on stdout; exits non-zero with a message when something cannot be provided.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
private_port=${SHIPLOCK_REGISTRY_PORT:-5000}
public_port=${SHIPLOCK_PUBLIC_REGISTRY_PORT:-5001}
state=${SHIPLOCK_DOCKER_STATE:-/tmp/shiplock-docker}

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-registry >/dev/null || need+=(docker-registry)
if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then need+=(busybox-static); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null || ! command -v apt-get >/dev/null; then
    echo "shiplock: missing ${need[*]}; install them (Debian packages: ${need[*]}) and retry." >&2
    exit 1
  fi
  echo "installing ${need[*]} (Debian packages)..." >&2
  apt_install "${need[@]}"
fi

engine_up() { curl -sf --max-time 2 --unix-socket /var/run/docker.sock http://docker/_ping >/dev/null 2>&1; }
if [ -n "${DOCKER_HOST:-}" ]; then
  : # an engine chosen by the user; the steps use it as it is
elif ! engine_up; then
  mkdir -p "$state"
  echo "starting the Docker engine (log: $state/dockerd.log)..." >&2
  if [ -d /run/systemd/system ]; then
    as_root systemctl start docker
  else
    as_root sh -c "nohup dockerd >'$state/dockerd.log' 2>&1 &"
  fi
  for _ in $(seq 1 60); do engine_up && break; sleep 0.5; done
  engine_up || { echo "shiplock: the Docker engine did not start; see $state/dockerd.log" >&2; exit 1; }
fi

# The swarm.service.* steps and the example's Swarm environment need a swarm: a single-node one on
# this engine, as `docker swarm init` makes it. An engine the user chose (DOCKER_HOST) is left as it is.
if [ -z "${DOCKER_HOST:-}" ] &&
  [ "$(/usr/bin/docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = inactive ]; then
  echo "making this Docker engine a single-node swarm (docker swarm init)..." >&2
  /usr/bin/docker swarm init --advertise-addr 127.0.0.1 >/dev/null
fi

registry_up() { curl -sf --max-time 2 "http://127.0.0.1:$1/v2/" >/dev/null 2>&1; }
start_registry() {
  local port=$1 dir="$state/registry-$1"
  registry_up "$port" && return 0
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<CONF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/data}
  delete: {enabled: true}
http:
  addr: 127.0.0.1:$port
CONF
  nohup docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  for _ in $(seq 1 40); do registry_up "$port" && return 0; sleep 0.25; done
  echo "shiplock: the registry on :$port did not start; see $dir/log" >&2
  exit 1
}
start_registry "$private_port"
start_registry "$public_port"

# The base of the example's and the tests' images: busybox on an empty image, as Docker Hub's
# busybox would be, built from Debian's static binary.
base=${SHIPLOCK_BASE_IMAGE:-shiplock/busybox:local}
if ! /usr/bin/docker image inspect "$base" >/dev/null 2>&1; then
  ctx=$(mktemp -d)
  cp /bin/busybox "$ctx/busybox"
  printf '%s\n' 'FROM scratch' 'COPY busybox /bin/busybox' \
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]' 'RUN mkdir -p /tmp /www' >"$ctx/Dockerfile"
  DOCKER_BUILDKIT=0 /usr/bin/docker build -q -t "$base" "$ctx" >/dev/null
  rm -rf "$ctx"
fi
