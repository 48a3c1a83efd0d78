#!/usr/bin/env bash
# Idle memory per WebSocket port before and after the upgrade lets go of Undertow's HTTP connection
# object, two rounds interleaved. Run from the repository root, after copying the two builds' server
# jars to /tmp/server-base.jar (before) and /tmp/server-rel.jar (after).
set -euo pipefail
for round in 1 2; do
  for build in base rel; do
    java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups hub --server-jar /tmp/server-$build.jar \
      --ports 100 --rates 10 --sizes 256 --warmup 1 --measure 1 \
      --out /tmp/mem --name idle-$build-$round
    cp /tmp/mem/idle-$build-$round.md /tmp/mem/idle-$build-$round.svg benchmarks/results/2026-12-03-http-release/
  done
done
