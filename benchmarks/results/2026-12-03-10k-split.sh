#!/bin/bash
# usage: 2026-12-03-10k-split.sh SETUP NAME [SERVER_JAR [SWEEP_OPTION ...]]
# The CPU of SETUP (hub or nio-ceiling) by thread at 10,000 ports x 1 msg/s, 256 B: a 40 s
# measured run, sampled for 10 s from 23 s after the start (the connections are open by then).
cd "$(git rev-parse --show-toplevel)"
setup=$1; name=$2; jar=${3:-server-undertow/target/switchboard-server.jar}
java -jar benchmarks/target/switchboard-benchmarks.jar sweep --setups "$setup" --server-jar "$jar" --ports 10000 --rates 1 \
  --sizes 256 --no-memory --warmup 5 --measure 40 --out /tmp/split --name "$name" "${@:4}" > "/tmp/split-$name.log" 2>&1 &
drv=$!
sleep 28
pid=$(pgrep -f "sweep-logs/switchboard-server.jar|Main nio-ceiling" | head -1)
echo "== $setup pid $pid"
bash benchmarks/results/2026-12-03-thread-split.sh "$pid" 10 | head -8
wait $drv
tail -1 "/tmp/split-$name.log"
