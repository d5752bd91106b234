#!/usr/bin/env bash
# UCD compatibility (method and figures in docs/benchmarks.md): import of a generated UCD export
# through POST /rest/deploy/application/import, and the calls of a udclient build script.
# Usage: bench/ucd-calls.sh [IMPORT_RUNS=5] [CALLS=200]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
bench_begin "UCD calls, import runs ${1:-5}, calls ${2:-200}"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$repo/shiplock-cli/target/shiplock.jar" "$repo/bench/UcdCalls.java" "$@"
bench_end
