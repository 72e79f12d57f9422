#!/bin/sh
# verify-audit and retention as an operator runs them: exit codes and messages for a whole chain,
# an edited, a deleted and a swapped row, a good, a false and a malformed anchor; retention's dry
# run and run agreeing item for item; a run killed with SIGKILL leaving no tip half-deleted and
# nothing deleted without its record, and the next run finishing the work. Speaks TAP. Runs on
# SQLite, and on PostgreSQL when MINSIDE_TEST_PG_URL is set.
#   test_privacy_cli.sh MINSIDE GEN-AUDIT
set -u
bin=$1
gen=$2
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }
failed=0
work=$(mktemp -d /tmp/minside-privacy-cli-XXXXXX)
trap 'rm -rf "$work"' EXIT
export MINSIDE_VAR_DIR="$work/var"
TIPS=1500

run_engine() {
  engine=$1
  export MINSIDE_DATABASE_URL=$2
  sql() { if [ "$engine" = sqlite ]; then sqlite3 "${MINSIDE_DATABASE_URL#sqlite:}" "$1"; else psql -qtA "$MINSIDE_DATABASE_URL" -c "$1"; fi; }
  mkdir -p "$MINSIDE_VAR_DIR"
  "$bin" migrate > /dev/null 2>&1; ok $? "$engine: migrate"

  "$bin" verify-audit > "$work/out" 2>&1
  [ $? -eq 0 ] && grep -q 'er hel: 0 rader' "$work/out"; ok $? "$engine: an empty trail is whole (exit 0)"
  "$gen" --db "$MINSIDE_DATABASE_URL" --rows 50 > "$work/gen" 2>&1; ok $? "$engine: 50 rows on the trail"
  last=$(sed -n 's/^last_hash=//p' "$work/gen")
  "$bin" verify-audit > "$work/out" 2>&1
  [ $? -eq 0 ] && grep -q "er hel: 50 rader, siste hash $last" "$work/out"; ok $? "$engine: verify-audit passes and names the last hash"
  "$bin" verify-audit --anchor "50:$last" > "$work/out" 2>&1; ok $? "$engine: the day's anchor matches (exit 0)"
  "$bin" verify-audit --anchor "49:$last" > "$work/out" 2>&1
  [ $? -eq 1 ] && grep -q 'Rad 49 stemmer ikke med ankeret' "$work/out"; ok $? "$engine: a false anchor is found (exit 1)"
  "$bin" verify-audit --anchor "femti" > "$work/out" 2>&1
  [ $? -eq 2 ] && grep -q 'NR:HASH' "$work/out"; ok $? "$engine: a malformed anchor is refused (exit 2)"

  sql "UPDATE audit_log SET actor_id = 999 WHERE seq = 7" > /dev/null
  "$bin" verify-audit > "$work/out" 2>&1
  [ $? -eq 1 ] && grep -q 'Rad 7 er endret' "$work/out" && grep -q 'brutt: 1 feil i 50 rader' "$work/out"
  ok $? "$engine: an edited row is named (exit 1)"
  sql "DELETE FROM audit_log WHERE seq = 20" > /dev/null
  sql "UPDATE audit_log SET seq = 1000 WHERE seq = 30" > /dev/null
  sql "UPDATE audit_log SET seq = 30 WHERE seq = 31" > /dev/null
  sql "UPDATE audit_log SET seq = 31 WHERE seq = 1000" > /dev/null
  "$bin" verify-audit > "$work/out" 2>&1
  [ $? -eq 1 ] && grep -q 'Rad 7 er endret' "$work/out" && grep -q 'Rad 20 mangler' "$work/out" \
    && grep -q 'Rad 30 og 31 står i feil rekkefølge' "$work/out"
  ok $? "$engine: a deleted row and a swapped pair are named too"

  # Tips whose deletion date has passed, each with its timeline.
  sql "INSERT INTO case_record (case_type, status, reference, title, details, delete_after, created_at, updated_at)
       SELECT 'tips', 'mottatt', 'T-' || g, 'Tips', '{}', '2020-01-01', 0, 0 FROM $(series $TIPS)" > /dev/null
  sql "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at)
       SELECT id, 'mottatt', 'Mottatt', 'x', 'parter', 0 FROM case_record" > /dev/null
  sql "INSERT INTO case_event (case_id, kind, text, actor, audience, created_at)
       SELECT id, 'melding', 'Melding', 'x', 'parter', 0 FROM case_record" > /dev/null
  "$bin" retention --dry-run --items > "$work/dry" 2>&1; ok $? "$engine: retention --dry-run (exit 0)"
  grep -q "^tips .*: $TIPS ville blitt slettet, eldste fra 1970-01-01" "$work/dry"; ok $? "$engine: it counts the $TIPS tips and the oldest"
  [ "$(sql 'SELECT count(*) FROM retention_log')" = 0 ] && [ "$(sql 'SELECT count(*) FROM case_record')" = "$TIPS" ]
  ok $? "$engine: and deletes nothing"

  "$bin" retention run > "$work/run.out" 2>&1 &
  pid=$!
  # Kill it once it has deleted some but not all.
  i=0
  while [ "$(sql 'SELECT count(*) FROM retention_log')" -lt 20 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  kill -9 $pid 2> /dev/null
  wait $pid 2> /dev/null
  logged=$(sql "SELECT count(*) FROM retention_log WHERE rule = 'tips'")
  left=$(sql "SELECT count(*) FROM case_record")
  [ "$logged" -gt 0 ] && [ "$left" -gt 0 ]; ok $? "$engine: a run killed with SIGKILL half-way ($logged deleted, $left left)"
  [ $((logged + left)) -eq "$TIPS" ]; ok $? "$engine: every tip is either there or deleted with its record"
  [ "$(sql 'SELECT count(*) FROM case_event WHERE case_id NOT IN (SELECT id FROM case_record)')" = 0 ] \
    && [ "$(sql 'SELECT count(*) FROM case_event')" = $((left * 2)) ]
  ok $? "$engine: no tip is half-deleted (no timeline without its tip, every tip with its whole timeline)"
  [ "$(sql "SELECT count(*) FROM retention_log l JOIN case_record c ON c.id = l.item_id WHERE l.rule = 'tips'")" = 0 ]
  ok $? "$engine: nothing recorded as deleted is still there"
  "$bin" retention run > "$work/run2" 2>&1; ok $? "$engine: the next run (exit 0)"
  [ "$(sql 'SELECT count(*) FROM case_record')" = 0 ] && [ "$(sql "SELECT count(*) FROM retention_log WHERE rule = 'tips'")" = "$TIPS" ]
  ok $? "$engine: finishes the work: all $TIPS deleted, each recorded once"
  sed -n 's/^  ville slettet tips case \([0-9]*\) .*/\1/p' "$work/dry" | sort -n > "$work/dry.ids"
  sql "SELECT item_id FROM retention_log WHERE rule = 'tips'" | sort -n > "$work/run.ids"
  cmp -s "$work/dry.ids" "$work/run.ids"; ok $? "$engine: the dry run listed exactly the items the runs deleted"
  "$bin" retention > "$work/out" 2>&1
  [ $? -eq 2 ] && grep -q 'retention --dry-run' "$work/out"; ok $? "$engine: retention without --dry-run or run does nothing (exit 2)"
}

series() {
  if [ "$engine" = sqlite ]; then
    echo "(WITH RECURSIVE r(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM r WHERE g < $1) SELECT g FROM r) AS s"
  else
    echo "generate_series(1, $1) AS s(g)"
  fi
}

run_engine sqlite "sqlite:$work/minside.db"
if [ -n "${MINSIDE_TEST_PG_URL:-}" ]; then
  schema="privacy_cli_$$"
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" > /dev/null 2>&1
  run_engine postgresql "$MINSIDE_TEST_PG_URL?options=-csearch_path%3D$schema"
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" > /dev/null 2>&1
else
  n=$((n + 1)); echo "ok $n # SKIP postgresql: MINSIDE_TEST_PG_URL is not set"
fi
echo "1..$n"
exit $failed
