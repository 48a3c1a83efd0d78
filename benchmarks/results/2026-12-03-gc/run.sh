#!/usr/bin/env bash
# The packaged hub under three collector settings against the NIO ceiling, at 10,000 ports x 1 msg/s
# and 1,000 ports x 50 msg/s (256 B), two rounds, each point's runs interleaved. Run from the
# repository root after `mvn -B -q package -DskipTests`; reports go to /tmp/gc.
set -euo pipefail
bench=benchmarks/target/switchboard-benchmarks.jar
defer=(--hub-jvm=-XX:-G1UseAdaptiveConcRefinement --hub-jvm=-XX:G1ConcRefinementGreenZone=2000
       --hub-jvm=-XX:G1ConcRefinementYellowZone=4000 --hub-jvm=-XX:G1ConcRefinementRedZone=8000)
parallel=(--hub-jvm=-XX:-UseG1GC --hub-jvm=-XX:+UseParallelGC)
for round in 1 2; do
  for point in "10000 1" "1000 50"; do
    set -- $point
    common=(--ports "$1" --rates "$2" --sizes 256 --no-memory --warmup 10 --measure 20 --out /tmp/gc)
    java -jar $bench sweep --setups nio-ceiling "${common[@]}" --name "r$round-$1x$2-ceiling"
    java -jar $bench sweep --setups hub "${common[@]}" --name "r$round-$1x$2-g1"
    java -jar $bench sweep --setups hub "${common[@]}" "${defer[@]}" --name "r$round-$1x$2-g1-deferred"
    java -jar $bench sweep --setups hub "${common[@]}" "${parallel[@]}" --name "r$round-$1x$2-parallel"
  done
done
