#!/bin/bash
# Run from the root of a clone with the server and the benchmarks built.
cd "$(git rev-parse --show-toplevel)"
cp server-undertow/target/switchboard-server.jar /tmp/server-new.jar
for round in 1 2; do
for point in "50 100" "50 256" "100 100" "100 256"; do
  set -- $point
  for io in 2 1; do
    java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups nio-ceiling,hub \
      --server-jar /tmp/server-new.jar --hub-arg=--io-threads=$io --ports 1000 --rates $1 --sizes $2 --no-memory \
      --warmup 5 --measure 20 --out benchmarks/results/2026-12-03-io-threads --name io$io-r$round-1000x$1-$2B 
  done
done
done
