#!/bin/bash
# «Våre saker» of one organisation with 100,000 cases: its first and its last page, for a build
# of another tree (before) and this tree (after), in one run on SQLite. Both serve copies of the
# same database made by bench/gen-cases. Prints, per build and page, the median of 20 single
# requests (curl, one at a time) and wrk's requests/s and p99 at the given connections.
#
#   bench/case-list-pages.sh BEFORE_TREE [seconds=8] [connections=8]
# BEFORE_TREE is a source tree with its release binary in build/minside (e.g. an export of
# main). The last page is the one «Neste side» ends on: the page number before, the cursor
# after the 25 × (pages − 1)th case in this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(cd "$1" && pwd)
duration=${2:-8}
connections=${3:-8}
shape=${CASES_SHAPE:---orgs 1 --cases-per-org 10 --big-org 100000 --messages 0}
[ -x "$before/build/minside" ] && [ -x build/minside ] && [ -x build/bench/gen-cases ] || {
  echo "needs $before/build/minside, build/minside and build/bench/gen-cases (release)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d /tmp/minside-bench-list-XXXXXX)
trap 'rm -rf "$work"' EXIT

export MINSIDE_THREADS=2
MINSIDE_DATA_DIR="$before" MINSIDE_VAR_DIR="$work/var-before" \
  MINSIDE_DATABASE_URL="sqlite:$work/before.db" "$before/build/minside" migrate >/dev/null
# shellcheck disable=SC2086
gen=$(build/bench/gen-cases --db "sqlite:$work/before.db" $shape)
cookie=$(sed -n 's/^person_cookie=//p' <<<"$gen")
orgnr=$(sed -n 's/^big_orgnr=//p' <<<"$gen")
cp "$work/before.db" "$work/after.db"
MINSIDE_VAR_DIR="$work/var-after" MINSIDE_DATABASE_URL="sqlite:$work/after.db" build/minside migrate >/dev/null

count=$(sqlite3 "$work/after.db" "SELECT count(*) FROM case_org WHERE orgnr = '$orgnr' AND case_type = 'mekling'")
pages=$(( (count + 24) / 25 ))
edge=$(sqlite3 "$work/after.db" "SELECT case_id FROM case_org WHERE orgnr = '$orgnr' AND case_type = 'mekling' ORDER BY case_id DESC LIMIT 1 OFFSET $(( (pages - 1) * 25 - 1 ))")
cursor=$(printf 'n%s:' "$edge" | basenc --base64url | tr -d '=\n')

# One page: the median single request and a wrk run; prints one table row.
measure() {
  local build=$1 label=$2 url=$3 single out
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: minside=$cookie" "$url")" = 200 ] || {
    echo "| $build | $label | answers $(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: minside=$cookie" "$url") | | |"; return; }
  single=$(for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: minside=$cookie" "$url"; done |
           sort -n | sed -n 10p | awk '{printf "%.2f", $1 * 1000}')
  wrk -t2 -c"$connections" -d2s -H "Cookie: minside=$cookie" "$url" >/dev/null
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: minside=$cookie" "$url")
  printf '| %s | %s | %s | %s | %s |\n' "$build" "$label" "$single" \
    "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

serve() {
  local build=$1 bin=$2 data=$3 db=$4 last=$5 port pid
  port=$(free_port)
  MINSIDE_DATA_DIR="$data" MINSIDE_VAR_DIR="$work/var-$build" MINSIDE_DATABASE_URL="sqlite:$db" \
    MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port" "$bin" serve 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  measure "$build" "first page" "http://127.0.0.1:$port/vare-saker?type=mekling"
  measure "$build" "last page ($pages)" "http://127.0.0.1:$port/vare-saker?type=mekling&$last"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "$count mediation cases of $orgnr, $pages pages; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| build | page | single request, median of 20 (ms) | requests/s | p99 |"
echo "|---|---|---:|---:|---:|"
serve before "$before/build/minside" "$before" "$work/before.db" "side=$pages"
serve after "$PWD/build/minside" "$PWD" "$work/after.db" "sortering=nyeste&side=$cursor"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
