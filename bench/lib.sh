# Sourced by every benchmark: what was measured, when, on how many cores and under what load,
# before and after; and a refusal to measure on a busy machine, where figures do not come back.
#
#   BENCH_MAX_LOAD  the highest 1-minute load average a run starts under (default: 1.5)
#   BENCH_WAIT      seconds to wait for the load to fall under it before refusing (default: 120)
#   BENCH_FORCE=1   run anyway; every figure is then marked LOADED (not for docs/benchmarks.md)

bench_load() { cut -d' ' -f1 /proc/loadavg; }

# bench_begin WHAT...: prints the header; refuses (exit 3) on a busy machine unless forced.
bench_begin() {
  BENCH_WHAT="$*"
  local max=${BENCH_MAX_LOAD:-1.5} waited=0 limit=${BENCH_WAIT:-120}
  while awk -v l="$(bench_load)" -v m="$max" 'BEGIN { exit !(l > m) }'; do
    if [ -n "${BENCH_FORCE:-}" ]; then BENCH_LOADED=1; break; fi
    if [ "$waited" -ge "$limit" ]; then
      echo "refused: the machine's 1-minute load is $(bench_load), above $max, after ${waited} s" \
        "of waiting; figures taken now would not come back. Stop what runs (ps -eo pcpu,args" \
        "--sort=-pcpu | head), or set BENCH_FORCE=1 to measure anyway (figures marked LOADED)." >&2
      exit 3
    fi
    [ "$waited" -eq 0 ] && echo "waiting up to ${limit} s for the load ($(bench_load)) to fall under $max..." >&2
    sleep 10; waited=$((waited + 10))
  done
  echo "== $BENCH_WHAT"
  echo "$(date -u +%FT%TZ) load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores," \
    "commit $(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "${BENCH_LOADED:+ -- LOADED machine (BENCH_FORCE): not figures for the docs}"
}

# bench_end: the load after, so a reader sees what the run itself and anything else added.
bench_end() {
  echo "$(date -u +%FT%TZ) load after: $(cut -d' ' -f1-3 /proc/loadavg)" \
    "${BENCH_LOADED:+ -- LOADED machine: not figures for the docs}"
}

# A PostgreSQL cluster the tests have filled with databases (the suite leaves hundreds in
# /tmp/shiplock-test-pg) keeps its autovacuum launcher busy visiting them, which slowed every
# PostgreSQL figure measured on it (docs/benchmarks.md, 2026-12-02). Says so before measuring.
bench_pg_crowded() {
  local n
  n=$(psql -At "postgresql://postgres@127.0.0.1:${SHIPLOCK_TEST_PG_PORT:-55432}/postgres" \
    -c "SELECT count(*) FROM pg_database WHERE NOT datistemplate" 2>/dev/null || echo 0)
  if [ "${n:-0}" -gt 20 ]; then
    echo "WARNING: the PostgreSQL cluster holds $n databases (tests leave them); its autovacuum slows" \
      "this bench. For figures, start from a clean cluster: drop them, or stop it and delete" \
      "${SHIPLOCK_TEST_PG_DATA:-/tmp/shiplock-test-pg}." >&2
  fi
}

# bench_compile CLASSPATH PROGRAM.java: compiles a bench program with bench/Wire.java (the simulated
# agents' HTTP client it shares) into a new directory, and prints that directory for -cp. A
# single-file launch (java Program.java) cannot see a second source file before Java 22.
bench_compile() {
  local dir here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  dir=$(mktemp -d)
  "$JAVA_HOME/bin/javac" -nowarn -d "$dir" -cp "$1" "$here/Wire.java" "$here/$2" >&2
  echo "$dir"
}
