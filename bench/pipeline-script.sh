#!/usr/bin/env bash
# The example pipeline as a plain shell script: the same Docker work as build_test_publish on
# the Private Docker Registry environment followed by pull_run on Production. The baseline of
# bench/pipeline-overhead.sh.   Usage: bench/pipeline-script.sh VERSION SOURCE-DIR
set -euo pipefail
v=$1; src=$2; reg=localhost:5000; img=simpletopologyservice
docker=/usr/bin/docker
# build
$docker build -q -t "$img:$v" "$src/service" >/dev/null
$docker build -q -t "$img-tests:$v" "$src/tests" >/dev/null
# run
$docker rm -f "$img-private" >/dev/null 2>&1 || true
$docker run -d --name "$img-private" -p 18082:8080 "$img:$v" >/dev/null
# test
passed=0
$docker run --rm --network "container:$img-private" -e SERVICE_URL=http://localhost:8080 "$img-tests:$v" >/dev/null && passed=1
# publish
$docker tag "$img:$v" "$reg/$img:latest"; $docker push -q "$reg/$img:latest" >/dev/null
if [ $passed = 1 ]; then
  $docker tag "$img:$v" "$reg/$img:tested"; $docker push -q "$reg/$img:tested" >/dev/null
  $docker tag "$img:$v" "$reg/$img:$v"; $docker push -q "$reg/$img:$v" >/dev/null
fi
# pull_run on Production
$docker pull -q "$reg/$img:$v" >/dev/null
$docker tag "$reg/$img:$v" "$img:$v"
$docker rm -f "$img-production" >/dev/null 2>&1 || true
$docker run -d --name "$img-production" -p 18083:8080 "$img:$v" >/dev/null
