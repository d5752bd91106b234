#!/bin/sh
# Functional regression tests. Prints one PASS or FAIL line per test (the Shiplock step's
# post-processing script counts them) and exits non-zero when any failed.
url=${SERVICE_URL:-http://localhost:8080}
failed=0

# The service container was just started: wait for it to answer.
i=0
until wget -q -O /dev/null "$url/health" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -ge 50 ]; then echo "FAIL service-up: $url did not answer in 10 s"; exit 1; fi
  sleep 0.2
done
echo "PASS service-up"

check() { # name, path, text the answer must contain
  body=$(wget -q -O - "$url$2" 2>&1)
  if echo "$body" | grep -q "$3"; then echo "PASS $1"; else echo "FAIL $1: $2 did not contain $3"; failed=$((failed + 1)); fi
}
check lists-topologies /cgi-bin/topologies clm-basic
check lists-all-three /cgi-bin/topologies clm-enterprise
check finds-by-name "/cgi-bin/topologies?name=clm-distributed" '"servers": 3'
if wget -q -O /dev/null "$url/cgi-bin/topologies?name=nope" 2>/dev/null; then
  echo "FAIL unknown-is-404: an unknown topology was found"; failed=$((failed + 1))
else
  echo "PASS unknown-is-404"
fi
echo "$failed failed"
[ "$failed" -eq 0 ]
