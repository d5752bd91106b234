#!/usr/bin/env bash
# The test command: installs and starts what the tests need when it is missing (PostgreSQL from
# Debian packages), then runs the whole build with its tests, formatting and lint checks.
# Usage: scripts/test.sh [extra maven arguments]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/lib.sh"
find_jdk
if ! command -v mvn >/dev/null; then
  echo "installing Maven (Debian package)..." >&2
  apt_install maven
fi
SHIPLOCK_TEST_PG_URL=$("$here/postgres.sh")
export SHIPLOCK_TEST_PG_URL
echo "JDK: $JAVA_HOME; PostgreSQL for tests: $SHIPLOCK_TEST_PG_URL" >&2
cd "$repo"
mvn -B -ntp verify "$@"
