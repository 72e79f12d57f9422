#!/bin/bash
# Cases with 100,000 of them loaded: fills a fresh database with bench/gen-cases (SQLite, then a
# throw-away PostgreSQL through tests/pg/with-postgres.sh), serves it, and measures each page
# with wrk on loopback, logged in with the sessions gen-cases made (a bench person acting for
# the big organisation, and a bench caseworker). Prints one table row per engine and page.
#
#   bench/cases.sh [seconds=8] [connections=8]
# CASES_SHAPE gives gen-cases' arguments (default: 50 organisations × 1,800 cases and one
# organisation with 10,000, 4 messages each: 100,000 cases).
#
# Pages: «Våre saker» (/vare-saker) and the case page (/saker/:id) of the public side, and the
# caseworker's queue (/ansatt/saker) and case page (/ansatt/saker/:id). A page this build does
# not have (404) is reported as such, not measured.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-8}
shape=${CASES_SHAPE:---orgs 50 --cases-per-org 1800 --big-org 10000 --messages 4}

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
[ -x build/minside ] && [ -x build/bench/gen-cases ] && [ build/bench/gen-cases -nt bench/gen-cases.c ] || make build >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One wrk run against path with cookie; prints one table row.
measure() {
  local engine=$1 label=$2 url=$3 cookie=$4 status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: minside=$cookie" "$url")
  if [ "$status" != 200 ]; then
    printf '| %s | %s | – | – | answers %s: not in this build |\n' "$engine" "$label" "$status"
    return
  fi
  wrk -t2 -c"$connections" -d2s -H "Cookie: minside=$cookie" "$url" >/dev/null # warm-up
  local out rps p99 errors
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: minside=$cookie" "$url")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
  printf '| %s | %s | %s | %s | %s |\n' "$engine" "$label" "$rps" "$p99" "${errors:-none}"
}

run_engine() {
  local engine=$1 work=$2 port
  port=$(free_port)
  export MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port" \
         MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2
  build/minside migrate >/dev/null
  local t0 t1 gen
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  gen=$(build/bench/gen-cases --db "$MINSIDE_DATABASE_URL" $shape)
  t1=$(date +%s.%N)
  local person staff person_case staff_case cases
  person=$(sed -n 's/^person_cookie=//p' <<<"$gen")
  staff=$(sed -n 's/^staff_cookie=//p' <<<"$gen")
  person_case=$(sed -n 's/^person_case=//p' <<<"$gen")
  staff_case=$(sed -n 's/^staff_case=//p' <<<"$gen")
  cases=$(sed -n 's/^cases=//p' <<<"$gen")
  printf '| %s | gen-cases: %s cases in %.1f s | | | |\n' "$engine" "$cases" "$(echo "$t1 - $t0" | bc)"
  build/minside serve 2>/dev/null &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  measure "$engine" "Våre saker (/vare-saker)" "$base/vare-saker" "$person"
  measure "$engine" "saken (/saker/$person_case)" "$base/saker/$person_case" "$person"
  measure "$engine" "arbeidskø, nye (/ansatt/saker)" "$base/ansatt/saker" "$staff"
  measure "$engine" "arbeidskø, mine (/ansatt/saker?liste=mine)" "$base/ansatt/saker?liste=mine" "$staff"
  measure "$engine" "saken for saksbehandler (/ansatt/saker/$staff_case)" "$base/ansatt/saker/$staff_case" "$staff"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

if [ "${1:-}" = "--postgres-inner" ]; then
  shift
  duration=$1 connections=$2
  work=$(mktemp -d /tmp/minside-bench-cases-XXXXXX)
  trap 'rm -rf "$work"' EXIT
  export MINSIDE_DATABASE_URL="$MINSIDE_TEST_PG_URL"
  run_engine PostgreSQL "$work"
  exit 0
fi

work=$(mktemp -d /tmp/minside-bench-cases-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "| engine | page | requests/s | p99 | errors |"
echo "|---|---|---|---|---|"
if [ "${CASES_ENGINES:-both}" != postgres ]; then
  MINSIDE_DATABASE_URL="sqlite:$work/minside.db" run_engine SQLite "$work"
fi
if [ "${CASES_ENGINES:-both}" != sqlite ]; then
  CASES_SHAPE="$shape" tests/pg/with-postgres.sh "$0" --postgres-inner "$duration" "$connections" 2>/dev/null
fi
