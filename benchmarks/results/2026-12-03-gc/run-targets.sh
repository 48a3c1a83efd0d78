#!/usr/bin/env bash
# The other target points (1,000 ports at 50 and 100 msg/s, 100 B and 256 B) with G1 and
# with the Parallel collector against the NIO ceiling, one round, each point's runs interleaved.
# Run from the repository root after `mvn -B -q package -DskipTests`; reports go to /tmp/gc.
set -euo pipefail
bench=benchmarks/target/switchboard-benchmarks.jar
parallel=(--hub-jvm=-XX:-UseG1GC --hub-jvm=-XX:+UseParallelGC)
for point in "50 100" "100 100" "100 256"; do
  set -- $point
  common=(--ports 1000 --rates "$1" --sizes "$2" --no-memory --warmup 10 --measure 20 --out /tmp/gc)
  java -jar $bench sweep --setups nio-ceiling "${common[@]}" --name "t-1000x$1-$2B-ceiling"
  java -jar $bench sweep --setups hub "${common[@]}" --name "t-1000x$1-$2B-g1"
  java -jar $bench sweep --setups hub "${common[@]}" "${parallel[@]}" --name "t-1000x$1-$2B-parallel"
done
