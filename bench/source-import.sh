#!/usr/bin/env bash
# Sources (method and figures in docs/benchmarks.md): import of a 50 MB tree, the next commit,
# and commit to first step running by webhook and by polling.   Usage: bench/source-import.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
bench_begin "source import"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$repo/shiplock-cli/target/shiplock.jar" "$repo/bench/SourceImport.java"
bench_end
