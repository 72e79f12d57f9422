#!/bin/bash
# Personal data: the cost of auditing the caseworker's case page, verify-audit over many rows,
# and «Mine personopplysninger» for a person with 1,000 cases. SQLite, loopback, release build.
#
#   bench/privacy.sh [seconds=8] [connections=8]
#
# AUDIT_ROWS: rows verify-audit checks (default 10,000,000; bench/gen-audit makes them).
# BEFORE_BIN: a minside built from the same commit with the case page's audit row taken out
#   (bench/README.md says how); the caseworker's case page is then measured with it and with
#   build/minside in turn (A B A B) on the same database. Without it that row is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-8}
connections=${2:-8}
rows=${AUDIT_ROWS:-10000000}
[ -x build/minside ] && [ -x build/bench/gen-audit ] && [ -x build/bench/gen-cases ] || make build >/dev/null

work=$(mktemp -d /tmp/minside-bench-privacy-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

echo "| what | figure |"
echo "|---|---|"

# verify-audit over $rows rows.
export MINSIDE_VAR_DIR="$work/var" MINSIDE_DATABASE_URL="sqlite:$work/audit.db"
build/minside migrate >/dev/null
t0=$(date +%s.%N)
build/bench/gen-audit --db "$MINSIDE_DATABASE_URL" --rows "$rows" >/dev/null
t1=$(date +%s.%N)
build/minside verify-audit >"$work/verify.out"
t2=$(date +%s.%N)
echo "| gen-audit: $rows rows | $(seconds "$t0" "$t1") s |"
echo "| verify-audit: $(sed -n 's/.*er hel: \([0-9]*\) rader.*/\1/p' "$work/verify.out") rows, whole | $(seconds "$t1" "$t2") s |"
rm -f "$work"/audit.db*

# A person acting for an organisation with 1,000 cases, and a trail of 100,000 rows.
export MINSIDE_DATABASE_URL="sqlite:$work/cases.db"
build/minside migrate >/dev/null
gen=$(build/bench/gen-cases --db "$MINSIDE_DATABASE_URL" --orgs 20 --cases-per-org 50 --big-org 1000 --messages 4)
build/bench/gen-audit --db "$MINSIDE_DATABASE_URL" --rows 100000 >/dev/null
person=$(sed -n 's/^person_cookie=//p' <<<"$gen")
staff=$(sed -n 's/^staff_cookie=//p' <<<"$gen")
staff_case=$(sed -n 's/^staff_case=//p' <<<"$gen")

serve() { # binary port
  MINSIDE_LISTEN="127.0.0.1:$2" MINSIDE_BASE_URL="http://127.0.0.1:$2" MINSIDE_THREADS=2 "$1" serve 2>/dev/null &
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.1; done
}

port=$(free_port)
serve build/minside "$port"
pid=$!
url="http://127.0.0.1:$port/min-side/personopplysninger.json"
curl -sf -H "Cookie: minside=$person" "$url" -o "$work/export.json"
cases=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(next(len(s['elementer']) for s in d['seksjoner'] if s['nokkel']=='saker'))" "$work/export.json")
times=$(for _ in $(seq 20); do curl -sf -o /dev/null -w '%{time_total}\n' -H "Cookie: minside=$person" "$url"; done | sort -n)
echo "| «Mine personopplysninger» as JSON, $cases cases, 20 runs: median / slowest | $(sed -n 10p <<<"$times") s / $(tail -1 <<<"$times") s |"
kill "$pid"; wait "$pid" 2>/dev/null || true

# The caseworker's case page with and without its audit row, in turn on the same database.
rps() { # binary label
  local port pid out
  port=$(free_port)
  serve "$1" "$port"
  pid=$!
  local page="http://127.0.0.1:$port/ansatt/saker/$staff_case"
  wrk -t2 -c"$connections" -d2s -H "Cookie: minside=$staff" "$page" >/dev/null
  out=$(wrk -t2 -c"$connections" -d"${duration}s" -H "Cookie: minside=$staff" "$page")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "| caseworker's case page, $2 | $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") requests/s |"
}
if [ -n "${BEFORE_BIN:-}" ]; then
  for round in 1 2; do
    rps "$BEFORE_BIN" "without the audit row (round $round)"
    rps build/minside "with the audit row (round $round)"
  done
else
  echo "| caseworker's case page | BEFORE_BIN not set: not compared |"
fi
