#!/bin/sh
# The minside command as an operator meets it: subcommands, exit codes and messages, a database
# that cannot be opened, migrations run twice, and a SIGTERM that stops the server cleanly.
# Speaks TAP. Runs on SQLite, and on PostgreSQL when MINSIDE_TEST_PG_URL is set.
set -u
bin=$1
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }

work=$(mktemp -d /tmp/minside-cli-XXXXXX)
trap 'rm -rf "$work"' EXIT
export MINSIDE_VAR_DIR="$work/var"

"$bin" version > "$work/out" 2>&1
grep -q '^minside [0-9]' "$work/out"; ok $? "version prints the version"

"$bin" finnes-ikke > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'ukjent kommando' "$work/out"; ok $? "an unknown command exits 2 with a Norwegian message"

"$bin" > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'Bruk:' "$work/out"; ok $? "no command shows the usage"

MINSIDE_DATABASE_URL="sqlite:$work/finnes/ikke/minside.db" "$bin" serve > "$work/out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'kan ikke åpne databasen' "$work/out"; ok $? "serve with a database that cannot be opened exits 1 and says why"

MINSIDE_DATABASE_URL="mysql://x" "$bin" migrate > "$work/out" 2>&1
[ $? -eq 1 ] && grep -qi 'database' "$work/out"; ok $? "an unknown database kind is refused clearly"

MINSIDE_THREADS=abc "$bin" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'MINSIDE_THREADS må være et tall' "$work/out"; ok $? "a bad setting is refused with its name"

printf 'MINSIDE_LISTEN=127.0.0.1:0\nSKRIVEFEIL=1\n' > "$work/bad.conf"
"$bin" --config "$work/bad.conf" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'linje 2: ukjent innstilling SKRIVEFEIL' "$work/out"; ok $? "an unknown name in the settings file is refused with its line"

MINSIDE_FAKE_NOW=igår "$bin" migrate > "$work/out" 2>&1
[ $? -eq 2 ]; ok $? "an unparsable MINSIDE_FAKE_NOW is refused"

run_engine() { # name url
  engine=$1
  export MINSIDE_DATABASE_URL=$2
  "$bin" migrate > "$work/out" 2>&1
  [ $? -eq 0 ] && grep -q '0001' "$work/out"; ok $? "$engine: migrate applies the migrations"
  "$bin" migrate > "$work/out" 2>&1
  [ $? -eq 0 ] && grep -q 'ingen nye migreringer' "$work/out"; ok $? "$engine: a second migrate applies nothing"
  "$bin" seed-demo > /dev/null 2>&1 && "$bin" seed-demo > /dev/null 2>&1; ok $? "$engine: seed-demo can run twice"
  "$bin" export-einnsyn > "$work/out" 2>&1
  [ $? -eq 2 ] && grep -q 'Bruk: minside export-einnsyn' "$work/out"; ok $? "$engine: export-einnsyn without a folder shows its usage"
  "$bin" export-einnsyn "$work/einnsyn-$engine" --from 2026-13-01 > "$work/out" 2>&1
  [ $? -eq 2 ] && grep -q 'Skriv datoene slik' "$work/out"; ok $? "$engine: export-einnsyn refuses a bad date"
  "$bin" export-einnsyn "$work/einnsyn-$engine" > "$work/out" 2>&1
  [ $? -eq 0 ] && grep -q 'for eInnsyn til' "$work/out" && [ -d "$work/einnsyn-$engine" ]; ok $? "$engine: export-einnsyn writes its folder"
  "$bin" export-einnsyn "$work/einnsyn-$engine" > "$work/out" 2>&1
  [ $? -eq 2 ] && grep -q 'kan ikke lage mappen' "$work/out"; ok $? "$engine: but never into a folder that is there"

  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  MINSIDE_LISTEN="127.0.0.1:$port" "$bin" serve > "$work/serve.log" 2>&1 &
  pid=$!
  up=1
  for _ in $(seq 100); do
    if curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then up=0; break; fi
    sleep 0.1
  done
  ok $up "$engine: serve answers on its address"
  curl -s "http://127.0.0.1:$port/" | grep -q 'Slik klager du på en virksomhet'; ok $? "$engine: the front page shows the demo data"
  kill -TERM $pid
  wait $pid
  rc=$?
  [ $rc -eq 0 ] && grep -q 'Min side er stoppet' "$work/serve.log"; ok $? "$engine: SIGTERM stops the server cleanly (exit $rc)"
}

run_engine sqlite "sqlite:$work/minside.db"
if [ -n "${MINSIDE_TEST_PG_URL:-}" ]; then
  # A schema of its own, so other tests' tables do not interfere.
  schema="cli_$$"
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" > /dev/null 2>&1
  run_engine postgresql "$MINSIDE_TEST_PG_URL?options=-csearch_path%3D$schema"
  psql -q "$MINSIDE_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" > /dev/null 2>&1
else
  n=$((n + 1)); echo "ok $n # SKIP postgresql: MINSIDE_TEST_PG_URL is not set"
fi

echo "1..$n"
exit $failed
