#!/usr/bin/env bash
# Every benchmark, one after another, each the same way (bench/lib.sh: what, commit, cores, load
# before and after; each waits for a quiet machine or refuses). Method and figures: docs/benchmarks.md.
# Usage: bench/run.sh [runs=7]        BENCH_FORCE=1 measures on a busy machine (figures marked LOADED)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-7}
failed=()
step() { echo; "$here/$1" "${@:2}" || failed+=("$*"); }
step start-apply.sh "$runs"
step step-gap.sh 30 20 embedded
step step-gap.sh 30 20 postgres
step dispatch.sh 500 20 both
step dispatch.sh 500 20 h2
step cluster.sh 500 20 0     # 3 nodes, then 1 node alone, as real server processes on PostgreSQL
step peer-ansible.sh "$runs"   # Shiplock, the plain script and Ansible, builds that change
echo; BENCH_CACHED=1 "$here/pipeline-overhead.sh" "$runs" || failed+=("pipeline-overhead.sh (cached builds)")
step agent-rss.sh 20
step web-pages.sh 200
step backup-restore.sh embedded
if [ ${#failed[@]} -gt 0 ]; then
  echo "these benchmarks did not finish (or refused a busy machine): ${failed[*]}" >&2
  exit 1
fi
