#!/usr/bin/env bash
# The test command: installs and starts what the tests need when it is missing (PostgreSQL, the
# Docker engine, two registries, busybox-static, chromium, haproxy, slapd and ldap-utils, from
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
"$here/docker.sh"
"$here/browser.sh"
# The cluster tests put a real HAProxy in front of several server nodes.
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || {
  echo "installing HAProxy (Debian package)..." >&2
  apt_install haproxy
}
# The directory-login tests start their own OpenLDAP server (slapd) and load it with ldapadd.
# Installing slapd non-interactively leaves its default service unconfigured; the tests need none.
{ [ -x /usr/sbin/slapd ] && command -v ldapadd >/dev/null; } || {
  echo "installing OpenLDAP slapd and ldap-utils (Debian packages)..." >&2
  apt_install slapd ldap-utils
}
# The Docker, browser and cluster tests fail (rather than skip) here when what they need is missing.
export SHIPLOCK_REQUIRE_DOCKER=1 SHIPLOCK_REQUIRE_BROWSER=1
echo "JDK: $JAVA_HOME; PostgreSQL for tests: $SHIPLOCK_TEST_PG_URL" >&2
cd "$repo"
status=0
mvn -B -ntp verify "$@" || status=$?
# A test whose output runs away (a loop logging the same error) can pass and still fill the disk
# of the next machine: one did, with 38 GB. Any test output past 50 MB fails the run.
flooded=$(find "$repo" -path '*/target/surefire-reports/*' -name '*-output.txt' -size +50M)
if [ -n "$flooded" ]; then
  echo "these tests wrote more than 50 MB of output (a runaway log?):" >&2
  ls -l $flooded >&2
  status=1
fi
exit "$status"
