#!/usr/bin/env bash
# The example pipeline three ways, alternating in one run: Shiplock, the plain script
# (bench/pipeline-script.sh) and an idiomatic Ansible playbook (bench/peer/pipeline.yml, Debian's
# ansible with its community.docker collection). Prints the three medians and the ratios; method
# and figures in docs/benchmarks.md.
#   bench/peer-ansible.sh [runs=7]        BENCH_CACHED=1: fully cached builds
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
if ! command -v ansible-playbook >/dev/null || ! python3 -c 'import docker' 2>/dev/null; then
  echo "installing Debian's ansible and python3-docker (the playbook's community.docker modules need them)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible python3-docker >/dev/null
fi
BENCH_PEER=ansible exec "$repo/bench/pipeline-overhead.sh" "${1:-7}"
