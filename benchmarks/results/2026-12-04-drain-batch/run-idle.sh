#!/usr/bin/env bash
# usage: run-idle.sh BEFORE_JAR AFTER_JAR
# Idle memory per WebSocket port (the sweep's probe: 0 to 10,000 idle ports), before and after,
# two rounds interleaved. Run from the repository root; reports go to /tmp/mem.
set -euo pipefail
for round in 1 2; do
  for build in before after; do
    jar=$1; [ $build = after ] && jar=$2
    java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups hub --server-jar "$jar" \
      --ports 100 --rates 10 --sizes 256 --warmup 1 --measure 1 --out /tmp/mem --name idle-$build-$round
  done
done
