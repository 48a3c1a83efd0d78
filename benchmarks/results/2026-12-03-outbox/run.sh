#!/bin/bash
# Run from the root of a clone with the benchmarks built; /tmp/server-before.jar is af79459's server, /tmp/server-after.jar this commit's.
cd "$(git rev-parse --show-toplevel)"
for point in "1000 50 100" "1000 50 256" "1000 100 100" "1000 100 256" "10000 10 256"; do
  set -- $point
  for build in before after; do
    java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups nio-ceiling,hub \
      --server-jar /tmp/server-$build.jar --ports $1 --rates $2 --sizes $3 --no-memory \
      --warmup 5 --measure 20 --out benchmarks/results/2026-12-03-outbox --name $build-$1x$2-$3B
  done
done
