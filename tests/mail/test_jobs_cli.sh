#!/bin/sh
# The job runner as an operator meets it: `minside jobs run-once`, and `minside serve` picking up
# e-mail that another process queued, sending it to a real SMTP server on loopback, and stopping
# cleanly on SIGTERM. Speaks TAP. SQLite, and PostgreSQL when MINSIDE_TEST_PG_URL is set.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

work=$(mktemp -d /tmp/minside-jobs-cli-XXXXXX)
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill -TERM "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export MINSIDE_VAR_DIR="$work/var"

/usr/bin/python3 "$here/smtp_sink.py" "$work/mail" --port 0 &
sink_pid=$!
for _ in $(seq 100); do [ -s "$work/mail/port" ] && break; sleep 0.1; done
[ -s "$work/mail/port" ]; ok $? "the SMTP server listens on loopback"
export MINSIDE_SMTP_URL="smtp://127.0.0.1:$(cat "$work/mail/port")"
export MINSIDE_MAIL_FROM="ikke-svar@minside.example.no"

MINSIDE_SMTP_URL=http://127.0.0.1:25 "$bin" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'MINSIDE_SMTP_URL må begynne med smtp://' "$work/out"; ok $? "an SMTP address that is not smtp:// or smtps:// is refused"
MINSIDE_MAIL_FROM='Min side <a@b.no>' "$bin" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'MINSIDE_MAIL_FROM må være én e-postadresse' "$work/out"; ok $? "a sender that is not one plain address is refused"

mails() { ls "$work/mail" | grep -c '\.json$'; }

# Queues a message as another instance would: the outbox row and its job, in one transaction.
queue_sqlite() { # address
  sqlite3 "$db" "BEGIN; INSERT INTO mail_outbox (recipient, subject, body, message_id, created_at)
    VALUES ('$1', 'Ny melding på Min side', 'Hei', '<$1.$$@minside.example.no>', 1795420800);
    INSERT INTO job (kind, payload, run_at, created_at)
    VALUES ('mail_send', '{\"outbox_id\": ' || last_insert_rowid() || '}', 0, 0); COMMIT;"
}
queue_pg() { # address
  psql -q "$pg" -c "WITH m AS (INSERT INTO mail_outbox (recipient, subject, body, message_id, created_at)
    VALUES ('$1', 'Ny melding på Min side', 'Hei', '<$1.$$@minside.example.no>', 1795420800) RETURNING id)
    INSERT INTO job (kind, payload, run_at, created_at)
    SELECT 'mail_send', '{\"outbox_id\": ' || id || '}', 0, 0 FROM m" > /dev/null
}

run_engine() { # name url queue-function
  engine=$1
  export MINSIDE_DATABASE_URL=$2
  queue=$3
  "$bin" migrate > /dev/null 2>&1; ok $? "$engine: migrate"
  before=$(mails)
  $queue "eng-$engine@example.no"
  "$bin" jobs run-once > "$work/out" 2>&1
  [ $? -eq 0 ] && grep -q 'Kjørte 1 jobb\.' "$work/out"; ok $? "$engine: jobs run-once runs the due job"
  [ "$(mails)" -eq $((before + 1)) ]; ok $? "$engine: and the message arrives"
  "$bin" jobs run-once > "$work/out" 2>&1
  grep -q 'Kjørte 0 jobber\.' "$work/out"; ok $? "$engine: a second run-once finds nothing due"

  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_JOB_POLL_MS=100 "$bin" serve > "$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
  $queue "to-$engine@example.no"
  for _ in $(seq 100); do [ "$(mails)" -eq $((before + 2)) ] && break; sleep 0.1; done
  [ "$(mails)" -eq $((before + 2)) ]; ok $? "$engine: serve's workers send what another process queued"
  kill -TERM $pid
  wait $pid
  rc=$?
  [ $rc -eq 0 ] && grep -q 'Min side er stoppet' "$work/serve.log"; ok $? "$engine: SIGTERM stops server and workers cleanly (exit $rc)"
}

db="$work/minside.db"
run_engine sqlite "sqlite:$db" queue_sqlite
if [ -n "${MINSIDE_TEST_PG_URL:-}" ]; then
  schema="jobs_cli_$$"
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" > /dev/null 2>&1
  pg="$MINSIDE_TEST_PG_URL?options=-csearch_path%3D$schema"
  run_engine postgresql "$pg" queue_pg
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" > /dev/null 2>&1
else
  n=$((n + 1)); echo "ok $n # SKIP postgresql: MINSIDE_TEST_PG_URL is not set"
fi

echo "1..$n"
exit $failed
