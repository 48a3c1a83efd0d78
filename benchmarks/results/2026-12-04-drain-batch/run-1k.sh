#!/usr/bin/env bash
# usage: run-1k.sh BEFORE_JAR AFTER_JAR ROUND [POINT ...]
# 1,000 ports at the target points, each point's runs interleaved: the NIO ceiling, the
# hub before and the hub after. POINT is "RATE SIZE" (default: all four). Run from the
# repository root after `mvn -B -q package -DskipTests`; reports go to /tmp/db.
set -euo pipefail
before=$1; after=$2; round=$3; shift 3
points=("$@"); [ ${#points[@]} -gt 0 ] || points=("50 256" "50 100" "100 100" "100 256")
bench=benchmarks/target/switchboard-benchmarks.jar
for point in "${points[@]}"; do
  set -- $point
  common=(--ports 1000 --rates "$1" --sizes "$2" --no-memory --warmup 10 --measure 20 --out /tmp/db)
  java -jar $bench sweep --setups nio-ceiling "${common[@]}" --name "1000x$1-$2B-ceiling-r$round"
  java -jar $bench sweep --setups hub --server-jar "$before" "${common[@]}" --name "1000x$1-$2B-before-r$round"
  java -jar $bench sweep --setups hub --server-jar "$after" "${common[@]}" --name "1000x$1-$2B-after-r$round"
done
