#!/bin/bash
# The statistics page (/statistikk) with a year of data: fills a fresh database with
# bench/gen-stats (SQLite, then a throw-away PostgreSQL when run under tests/pg/with-postgres.sh),
# serves it, and measures the page one request at a time with wrk (1 connection) on loopback,
# logged in as the manager gen-stats made. Prints one table row per engine: the latency wrk
# sees, and the server's CPU time per page (user + system from /proc, divided by the requests),
# which a busy machine inflates far less than the wall-clock latency.
#
#   bench/statistics.sh [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
[ -x build/minside ] && [ -x build/bench/gen-stats ] && [ build/bench/gen-stats -nt bench/gen-stats.c ] || make build >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_engine() {
  local engine=$1 work=$2 port gen cookie rows cases apps innsyn status out
  port=$(free_port)
  export MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port" \
         MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2
  build/minside migrate >/dev/null
  gen=$(build/bench/gen-stats --db "$MINSIDE_DATABASE_URL")
  cookie=$(sed -n 's/^manager_cookie=//p' <<<"$gen")
  rows=$(sed -n 's/^page_view_rows=//p' <<<"$gen")
  cases=$(sed -n 's/^cases=//p' <<<"$gen")
  apps=$(sed -n 's/^applications=//p' <<<"$gen")
  innsyn=$(sed -n 's/^innsyn=//p' <<<"$gen")
  build/minside serve 2>/dev/null &
  local pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: minside=$cookie" "http://127.0.0.1:$port/statistikk")
  [ "$status" = 200 ] || { echo "| $engine | /statistikk answers $status | | | |"; kill "$pid"; wait "$pid" || true; return; }
  wrk -t1 -c1 -d2s -H "Cookie: minside=$cookie" "http://127.0.0.1:$port/statistikk" >/dev/null # warm-up
  local cpu0 cpu1 requests
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t1 -c1 -d"${duration}s" --latency -H "Cookie: minside=$cookie" "http://127.0.0.1:$port/statistikk")
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '| %s | %s page-view rows, %s cases, %s applications, %s innsyn requests | %s | %s | %s | %s |\n' "$engine" "$rows" "$cases" "$apps" "$innsyn" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk -v c="$((cpu1 - cpu0))" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f ms", c * 1000 / hz / n}')" \
    "$(wc -c < "$work/page.html") bytes"
  kill "$pid"
  wait "$pid" || true
}

echo "| engine | a year of data | p50 | p99 | server CPU per page | page |"
echo "|---|---|---:|---:|---:|---:|"
work=$(mktemp -d /tmp/minside-bench-stats-XXXXXX)
trap 'rm -rf "$work"' EXIT
MINSIDE_DATABASE_URL="sqlite:$work/minside.db" run_engine SQLite "$work"
if [ -n "${MINSIDE_TEST_PG_URL:-}" ]; then
  MINSIDE_DATABASE_URL="$MINSIDE_TEST_PG_URL" run_engine "PostgreSQL 15" "$work"
fi
echo
echo "(wrk -t1 -c1 -d${duration}s --latency, one request at a time, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
