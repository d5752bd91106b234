#!/usr/bin/env bash
# Pipeline overhead (method and figures in docs/benchmarks.md):
#   bench/pipeline-overhead.sh [runs=5]
# The example pipeline (build_test_publish on Private Docker Registry, then pull_run on
# Production) through Shiplock, against bench/pipeline-script.sh doing the same Docker work,
# alternating; prints each run and the median ratio.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
"$repo/scripts/docker.sh"
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
cp="$repo/shiplock-cli/target/shiplock.jar"
cd "$repo"
bench_begin "pipeline overhead, ${1:-5} runs${BENCH_PEER:+, peer $BENCH_PEER}${BENCH_CACHED:+, cached builds}"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -XX:+UseSerialGC ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" "$repo/bench/PipelineOverhead.java" "${1:-5}"
bench_end
