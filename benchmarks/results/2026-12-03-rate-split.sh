#!/bin/bash
# thread split of the hub at 1k x RATE, 256 B
cd "$(git rev-parse --show-toplevel)"
for rate in 50 100 50 100; do
  java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups hub --server-jar server-undertow/target/switchboard-server.jar --ports 1000 --rates $rate --sizes 256 --no-memory --warmup 5 --measure 40 --out /tmp/split --name s$rate > /tmp/split-drv.log 2>&1 &
  drv=$!
  sleep 2
  for i in $(seq 1 60); do pid=$(ps --ppid $drv -o pid=,args= | grep switchboard-server.jar | awk '{print $1}'); [ -n "$pid" ] && break; sleep 1; done
  sleep 25
  echo "== rate $rate pid $pid"; bash benchmarks/results/2026-12-03-thread-split.sh $pid 10
  wait $drv
done
