#!/bin/bash
# usage: 2026-12-03-thread-split.sh PID SECONDS
# Prints each thread name's CPU over the window (utime and stime from /proc/PID/task/*/stat, in
# clock ticks: getconf CLK_TCK, 100 on Linux here). Threads of one pool (GC_Thread#0, #1) are summed.
pid=$1; secs=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
snap() { for t in /proc/$pid/task/*; do n=$(tr ' ' '_' < $t/comm); s=$(sed 's/.*) //' $t/stat); set -- $s; echo "$(basename $t) $n ${12} ${13}"; done; }
snap | sort > "$dir/a"; sleep "$secs"; snap | sort > "$dir/b"
join "$dir/a" "$dir/b" | awk '{n=$2; gsub(/[0-9]+$/,"",n); u[n]+=$6-$3; s[n]+=$7-$4} END{for(k in u) printf "%-28s user %5d sys %5d ticks\n",k,u[k],s[k]}' | sort -k3 -nr
