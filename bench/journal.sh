#!/bin/bash
# The public journal's search with many entries: fills a fresh database with bench/gen-journal
# (SQLite, then a throw-away PostgreSQL through tests/pg/with-postgres.sh), serves it, and
# measures «Søk i postjournalen» with wrk for each kind of search: one word, two words, a
# person's name, a case number, a date range, a word and a date range. Prints the time to load,
# the size of the search index, and requests/s and p99 per search and engine.
#
#   bench/journal.sh [entries=50000] [seconds=8] [connections=8] [engines="sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-50000}
duration=${2:-8}
connections=${3:-8}
engines=${4:-sqlite postgres}

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
[ -x build/minside ] && [ -x build/bench/gen-journal ] && [ build/bench/gen-journal -nt bench/gen-journal.c ] || make build >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One wrk run against a search; prints one table row.
measure() {
  local engine=$1 label=$2 url=$3 status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  if [ "$status" != 200 ]; then
    printf '| %s | %s | %s | – | – | answers %s |\n' "$engine" "$entries" "$label" "$status"
    return
  fi
  wrk -t2 -c"$connections" -d2s "$url" >/dev/null # warm-up
  local out rps p99 errors
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$url")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$engine" "$entries" "$label" "$rps" "$p99" "${errors:-none}"
}

# The size of the search index: journal_index with its indexes and the full-text index.
index_size() {
  case $1 in
  SQLite)
    sqlite3 "$2" "SELECT printf('%.1f MB', SUM(pgsize) / 1048576.0) FROM dbstat WHERE name LIKE 'journal_index%' OR name LIKE 'journal_fts%' OR name LIKE 'sqlite_autoindex_journal_index%'" ;;
  PostgreSQL)
    psql -Atq "$MINSIDE_DATABASE_URL" -c "SELECT pg_size_pretty(pg_total_relation_size('journal_index'))" ;;
  esac
}

run_engine() {
  local engine=$1 work=$2 port
  port=$(free_port)
  export MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port" \
         MINSIDE_VAR_DIR="$work/var" MINSIDE_THREADS=2
  build/minside migrate >/dev/null
  local t0 t1 gen
  t0=$(date +%s.%N)
  gen=$(build/bench/gen-journal --db "$MINSIDE_DATABASE_URL" --entries "$entries" 2>/dev/null)
  t1=$(date +%s.%N)
  if [ "$engine" = PostgreSQL ]; then psql -q "$MINSIDE_DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null; fi
  local case name
  case=$(sed -n 's/^case=//p' <<<"$gen")
  name=$(sed -n 's/^name=//p' <<<"$gen" | sed 's/ /+/g')
  printf '| %s | %s | gen-journal in %.0f s, index %s | | | |\n' "$engine" "$entries" \
    "$(echo "$t1 - $t0" | bc)" "$(index_size "$engine" "${MINSIDE_DATABASE_URL#sqlite:}")"
  build/minside serve 2>/dev/null &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port/postjournal"
  measure "$engine" "one word (reklamasjon)" "$base?q=reklamasjon"
  measure "$engine" "two words (garanti vaskemaskin)" "$base?q=garanti+vaskemaskin"
  measure "$engine" "a name ($name)" "$base?q=$name"
  measure "$engine" "a case number ($case)" "$base?sak=$case"
  measure "$engine" "a date range (one month)" "$base?fra=2022-03-01&til=2022-03-31"
  measure "$engine" "a word and a date range" "$base?q=angrerett&fra=2022-01-01&til=2022-12-31"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

if [ "${1:-}" = "--postgres-inner" ]; then
  shift
  entries=$1 duration=$2 connections=$3
  work=$(mktemp -d /tmp/minside-bench-journal-XXXXXX)
  trap 'rm -rf "$work"' EXIT
  export MINSIDE_DATABASE_URL="$MINSIDE_TEST_PG_URL"
  run_engine PostgreSQL "$work"
  exit 0
fi

work=$(mktemp -d /tmp/minside-bench-journal-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "| engine | entries | search | requests/s | p99 | errors |"
echo "|---|---:|---|---:|---:|---|"
case " $engines " in *" sqlite "*) MINSIDE_DATABASE_URL="sqlite:$work/minside.db" run_engine SQLite "$work" ;; esac
case " $engines " in *" postgres "*) tests/pg/with-postgres.sh "$0" --postgres-inner "$entries" "$duration" "$connections" 2>/dev/null ;; esac
