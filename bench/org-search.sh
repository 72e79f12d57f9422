#!/bin/bash
# Organisation search with the whole register loaded: makes a 1.1-million-unit bulk file with
# gen-enhetsregisteret (once), imports it with `minside import-er` on SQLite and on a
# throw-away PostgreSQL (tests/pg/with-postgres.sh), and measures the suggestion endpoint with
# wrk and bench/org-search.lua. Prints the import time, requests/s and p99 per engine.
#
#   bench/org-search.sh [seconds] [connections]
# ORG_BENCH_FILE names the bulk file (default /tmp/minside-bench-enheter.json.gz).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-16}
file=${ORG_BENCH_FILE:-/tmp/minside-bench-enheter.json.gz}

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
[ -x build/minside ] && [ -x build/bench/gen-enhetsregisteret ] || make build >/dev/null
[ -f "$file" ] || build/bench/gen-enhetsregisteret "$file"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Imports into $MINSIDE_DATABASE_URL, serves it and runs wrk; prints one table row.
run_engine() {
  local engine=$1 work=$2 port
  port=$(free_port)
  export MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port" \
         MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2
  local t0 t1
  t0=$(date +%s.%N)
  build/minside import-er "$file" >/dev/null
  t1=$(date +%s.%N)
  build/minside serve 2>/dev/null &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c"$connections" -d3s -s bench/org-search.lua "http://127.0.0.1:$port" >/dev/null # warm-up
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/org-search.lua "http://127.0.0.1:$port")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)
  printf '| %s | %.1f s | %s | %s | %s |\n' "$engine" "$(echo "$t1 - $t0" | bc)" "$rps" "$p99" "${errors:-none}"
}

if [ "${1:-}" = "--postgres-inner" ]; then
  shift
  duration=$1 connections=$2
  work=$(mktemp -d /tmp/minside-bench-org-XXXXXX)
  trap 'rm -rf "$work"' EXIT
  export MINSIDE_DATABASE_URL="$MINSIDE_TEST_PG_URL"
  run_engine PostgreSQL "$work"
  exit 0
fi

work=$(mktemp -d /tmp/minside-bench-org-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "| engine | import of $(basename "$file") | requests/s | p99 | errors |"
echo "|---|---|---|---|---|"
MINSIDE_DATABASE_URL="sqlite:$work/minside.db" run_engine SQLite "$work"
tests/pg/with-postgres.sh "$0" --postgres-inner "$duration" "$connections" 2>/dev/null
