#!/bin/bash
# usage: threads.sh PID SECONDS -> per-thread-name CPU ticks (utime+stime) over the window
pid=$1; secs=$2
snap() { for t in /proc/$pid/task/*; do n=$(tr ' ' '_' < $t/comm); s=$(sed 's/.*) //' $t/stat); set -- $s; echo "$(basename $t) $n ${12} ${13}"; done; }
snap > /tmp/prof/a.$pid; sleep $secs; snap > /tmp/prof/b.$pid
join <(sort /tmp/prof/a.$pid) <(sort /tmp/prof/b.$pid) | awk '{n=$2; gsub(/[0-9]+$/,"",n); u[n]+=$6-$3; s[n]+=$7-$4} END{for(k in u) printf "%-28s user %5d sys %5d ticks\n",k,u[k],s[k]}' | sort -k3 -nr
