#!/bin/bash
# Slow clients against one Min side: slowloris (headers trickled) and slow bodies (a POST whose
# body trickles in), 2,000 connections each, while a normal client fetches the front page every
# second from another address. Prints how many of the normal fetches succeeded, the slowest
# one, and how long the server took to answer normally again after the attack.
#
#   [MINSIDE_BIN=path] bench/slow-clients.sh [attack-seconds] [connections-per-attack]
#
# The attackers come from 127.0.0.1 with MINSIDE_MAX_CONNECTIONS_PER_CLIENT raised out of the
# way, as if they came from many addresses; the normal client fetches from 127.0.0.2.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60}
connections=${2:-2000}

command -v slowhttptest >/dev/null || { apt-get install -y -qq slowhttptest >/dev/null; }
bin=${MINSIDE_BIN:-build/minside}
[ -x "$bin" ] || make build >/dev/null
# The attackers may open as many sockets as the system allows; Min side starts with the shell's
# own limit on open files and raises it itself, as it does under systemd.
hard_files=$(ulimit -Hn)

work=$(mktemp -d /tmp/minside-slow-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${minside_pid:-}" ] && kill "$minside_pid" 2>/dev/null && wait "$minside_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export MINSIDE_DATABASE_URL="sqlite:$work/minside.db" MINSIDE_LISTEN="127.0.0.1:$port" \
       MINSIDE_BASE_URL="http://127.0.0.1:$port" MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2 \
       MINSIDE_MAX_CONNECTIONS_PER_CLIENT=100000
"$bin" migrate >/dev/null
"$bin" seed-demo >/dev/null
"$bin" serve 2>"$work/serve.log" &
minside_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# One fetch a second from 127.0.0.2 for the whole run; each line: seconds since start, status, time.
probe() {
  local start=$SECONDS
  while [ -f "$work/probing" ]; do
    curl -s -o /dev/null --interface 127.0.0.2 -m 5 -w "$((SECONDS - start)) %{http_code} %{time_total}\n" \
      "http://127.0.0.1:$port/" >>"$work/probe.txt" || echo "$((SECONDS - start)) 000 5" >>"$work/probe.txt"
    sleep 1
  done
}
touch "$work/probing"
probe &
pids+=($!)
sleep 3

(ulimit -n "$hard_files"; exec slowhttptest -H -c "$connections" -r 400 -i 10 -l "$duration" -u "http://127.0.0.1:$port/" -x 24 -p 3 \
  -g -o "$work/slowloris" >"$work/slowloris.txt" 2>&1) &
pids+=($!)
(ulimit -n "$hard_files"; exec slowhttptest -B -c "$connections" -r 400 -i 10 -l "$duration" -s 100000 -u "http://127.0.0.1:$port/logg-ut" \
  -t POST -x 10 -p 3 -g -o "$work/slowbody" >"$work/slowbody.txt" 2>&1) &
pids+=($!)
sleep "$duration"
attack_end=$SECONDS
pkill -f "slowhttptest.*127.0.0.1:$port" 2>/dev/null || true
open_files=$(awk '/Max open files/ {print $4}' "/proc/$minside_pid/limits")
# Back to normal: the first moment ten fetches in a row answer within 100 ms.
recovered=""
while [ $((SECONDS - attack_end)) -lt 60 ]; do
  ok=1
  for _ in $(seq 10); do
    t=$(curl -s -o /dev/null --interface 127.0.0.2 -m 2 -w "%{http_code} %{time_total}" "http://127.0.0.1:$port/" || echo "000 2")
    case "$t" in 200\ 0.0*) ;; *) ok=0; break ;; esac
  done
  if [ "$ok" = 1 ]; then recovered=$((SECONDS - attack_end)); break; fi
  sleep 0.5
done
rm -f "$work/probing"
sleep 1.5

total=$(wc -l <"$work/probe.txt")
good=$(awk '$2 == 200 && $3 < 1.0' "$work/probe.txt" | wc -l)
slowest=$(awk 'BEGIN{m=0} {if ($3 > m) m = $3} END{printf "%.3f", m}' "$work/probe.txt")
# slowhttptest's statistics: seconds,closed,pending,connected,service available.
most_connected() { awk -F, 'NR > 1 && $4 > m {m = $4} END {print m + 0}' "$1" 2>/dev/null; }
loris_max=$(most_connected "$work/slowloris.csv")
body_max=$(most_connected "$work/slowbody.csv")
echo "| attack | attackers connected at most | normal fetches ok within 1 s | slowest fetch | back to normal after |"
echo "|---|---|---|---|---|"
echo "| ${connections} slowloris + ${connections} slow bodies, ${duration} s | ${loris_max:-?} + ${body_max:-?} | ${good} of ${total} | ${slowest} s | ${recovered:-not within 60} s |"
echo "Min side's limit on open files: $open_files (the shell's: $(ulimit -n)); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
