#!/bin/bash
# Two `minside serve` instances on one PostgreSQL database count web statistics together: the
# same visitor seen by both is one unique visitor (both hash with the day's one salt from the
# database), every page view from either is written, and a stop writes what was counted.
# Speaks TAP; skipped unless run under tests/pg/with-postgres.sh.
#
#   tests/stats/two_instances.sh MINSIDE_BIN
set -uo pipefail
bin=${1:?bruk: two_instances.sh MINSIDE_BIN}
if [ -z "${MINSIDE_TEST_PG_URL:-}" ]; then
  echo "1..0 # SKIP MINSIDE_TEST_PG_URL is not set (run under tests/pg/with-postgres.sh)"
  exit 0
fi
work=$(mktemp -d /tmp/minside-stats-two-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$MINSIDE_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS stats_two CASCADE; CREATE SCHEMA stats_two" || { echo "Bail out! no schema"; exit 1; }
sep='?'; case "$MINSIDE_TEST_PG_URL" in *\?*) sep='&' ;; esac
url="${MINSIDE_TEST_PG_URL}${sep}options=-csearch_path%3Dstats_two"
sql() { psql -qAt "$url" -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export MINSIDE_DATABASE_URL="$url" MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2 \
       MINSIDE_TRUST_PROXY=1 MINSIDE_STATS_FLUSH_SECONDS=1 MINSIDE_JOB_THREADS=0
"$bin" migrate >/dev/null || { echo "Bail out! migrate"; exit 1; }
ports=()
for i in 1 2; do
  port=$(free_port)
  MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port" \
    "$bin" serve 2>"$work/serve$i.log" &
  pids+=($!)
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done

ua="Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
get() { curl -s -o /dev/null -w '%{http_code}' -A "$ua" -H "X-Forwarded-For: $2" "http://127.0.0.1:$1$3"; }
n=0
ok() { n=$((n + 1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got: $1  want: $2"; fi; }

ok "$(get "${ports[0]}" 203.0.113.77 /)$(get "${ports[1]}" 203.0.113.77 /personvern)" 200200 \
   "one visitor on both instances"
get "${ports[1]}" 198.51.100.23 / >/dev/null
get "${ports[1]}" 198.51.100.23 /tilgjengelighet >/dev/null
sleep 2.5 # both flush at least once
ok "$(sql "SELECT COUNT(*) FROM stats_salt")" 1 "one salt for the day, shared through the database"
ok "$(sql "SELECT COUNT(*) FROM stats_visitor")" 2 \
   "two unique visitors: the one seen by both instances counted once"
get "${ports[0]}" 203.0.113.77 /tilgjengelighet >/dev/null
for p in "${pids[@]}"; do kill -TERM "$p"; done
wait "${pids[@]}" 2>/dev/null
pids=()
ok "$(sql "SELECT SUM(views) FROM stats_page_view")" 5 \
   "every page view from either instance written, the last by the flush at stop"
ok "$(sql "SELECT COUNT(*) FROM stats_visitor")" 2 "still two unique visitors"
ok "$(sql "SELECT COUNT(*) FROM stats_page_view WHERE route = '/' AND device = 'datamaskin'")" 1 \
   "one row for the front page from both instances"
echo "1..$n"
