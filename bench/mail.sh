#!/bin/sh
# E-mail throughput: queues N messages (outbox rows and their jobs) in one transaction, then times
# `minside jobs run-once` sending them all to the SMTP catcher on loopback (tests/mail/smtp_sink.py).
# SQLite always; PostgreSQL too when MINSIDE_TEST_PG_URL is set (run under tests/pg/with-postgres.sh).
#
#   bench/mail.sh [count]
set -eu
cd "$(dirname "$0")/.."
count=${1:-500}
[ -f build/build.ninja ] || meson setup build --buildtype=release > /dev/null
meson compile -C build > /dev/null
work=$(mktemp -d /tmp/minside-bench-mail-XXXXXX)
sink_pid=
trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$work"' EXIT
/usr/bin/python3 tests/mail/smtp_sink.py "$work/mail" &
sink_pid=$!
for _ in $(seq 100); do [ -s "$work/mail/port" ] && break; sleep 0.1; done
export MINSIDE_SMTP_URL="smtp://127.0.0.1:$(cat "$work/mail/port")"
export MINSIDE_VAR_DIR="$work/var"

queue_sql="INSERT INTO mail_outbox (recipient, subject, body, message_id, created_at)
  SELECT 'p' || n || '@example.no', 'Ny melding på Min side', 'Du har fått en ny melding.',
         '<' || n || '.bench@minside.example.no>', 1795420800 FROM series;
  INSERT INTO job (kind, payload, run_at, created_at)
  SELECT 'mail_send', '{\"outbox_id\": ' || id || '}', 0, 0 FROM mail_outbox;"

measure() { # label
  start=$(date +%s.%N)
  build/minside jobs run-once > /dev/null 2>&1
  end=$(date +%s.%N)
  sent=$(ls "$work/mail" | grep -c '\.eml$')
  awk -v l="$1" -v n="$sent" -v s="$start" -v e="$end" \
    'BEGIN { printf "%s: %d messages in %.2f s: %.0f messages/s\n", l, n, e - s, n / (e - s) }'
  rm -f "$work/mail"/*.eml "$work/mail"/*.json
}

export MINSIDE_DATABASE_URL="sqlite:$work/bench.db"
build/minside migrate > /dev/null
sqlite3 "$work/bench.db" "BEGIN; WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series WHERE n < $count) $queue_sql COMMIT;"
measure "SQLite"

if [ -n "${MINSIDE_TEST_PG_URL:-}" ]; then
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS bench_mail CASCADE; CREATE SCHEMA bench_mail" > /dev/null 2>&1
  pg="$MINSIDE_TEST_PG_URL?options=-csearch_path%3Dbench_mail"
  export MINSIDE_DATABASE_URL="$pg"
  build/minside migrate > /dev/null
  psql -q "$pg" -c "BEGIN; WITH series(n) AS (SELECT generate_series(1, $count)) $queue_sql COMMIT;" > /dev/null
  measure "PostgreSQL"
fi
