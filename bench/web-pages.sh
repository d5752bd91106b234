#!/usr/bin/env bash
# Web pages (method and figures in docs/benchmarks.md): each page's response time with 1,000
# versions, 20 environments, deployments in every environment and a full audit log.
# Usage: bench/web-pages.sh [requests per page]   (default 200, after 50 warm-up requests)
# On PostgreSQL: SHIPLOCK_BENCH_PG='jdbc:postgresql://HOST:PORT/postgres?user=U' bench/web-pages.sh
# (a fresh database is created on that server for each run)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"
find_jdk
. "$repo/bench/lib.sh"
"$repo/shiplock" --version >/dev/null  # builds the distribution when needed
bench_begin "web pages, ${1:-200} requests per page"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$repo/shiplock-cli/target/shiplock.jar" "$repo/bench/WebPages.java" "${1:-200}"
bench_end
