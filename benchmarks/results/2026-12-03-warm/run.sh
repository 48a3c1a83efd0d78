#!/bin/bash
# Run from the root of a clone with the server and the benchmarks built (8f06510).
cd "$(git rev-parse --show-toplevel)"
for round in 1 2; do
  for size in 100 256; do
    java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups nio-ceiling,hub \
      --ports 1000 --rates 50 --sizes $size --no-memory --warmup 30 --measure 20 \
      --out benchmarks/results/2026-12-03-warm --name warm-r$round-1000x50-${size}B
  done
done
