#!/bin/sh
# Measures the cluster's failover (docs/cluster.md): three packaged servers with --cluster, one
# redis-server (apt-get install redis-server), one WebSocket origin; the leader is SIGKILLed KILLS
# times (default 20). Writes benchmarks/results/DATE-cluster-failover.md: min/median/max takeover
# time, duplicates, holes and gaps seen by the clients. Not part of any build: the measurement is
# integration-tests' ClusterFailoverMeasurement, which only runs when named. About 3 minutes.
set -eu
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn}"
exec $MVN -B -q -pl integration-tests -am verify -Dtest=ClusterFailoverMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkills="${KILLS:-20}"
