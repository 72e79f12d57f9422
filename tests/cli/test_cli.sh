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

"$bin" --version > "$work/out" 2>&1
[ $? -eq 0 ] && grep -q '^minside [0-9]' "$work/out"; ok $? "--version prints the version"

"$bin" --help > "$work/help" 2>&1
[ $? -eq 0 ] && grep -q 'Kommandoer:' "$work/help"; ok $? "--help lists the commands"

# Every command in the table (lines "  name [USAGE]" of --help; names are lower case, placeholders
# upper case) answers --help with its usage and does nothing else: no settings are read (a broken
# one is set), no database or folder appears, nothing is started.
commands=$(sed -n 's/^  \([a-z][a-z0-9-]*\( [a-z][a-z0-9-]*\)*\)\( .*\)\{0,1\}$/\1/p' "$work/help" | sed 's/  .*//')
count=0
echo "$commands" > "$work/commands"
while IFS= read -r c; do
  [ -n "$c" ] || continue
  count=$((count + 1))
  # shellcheck disable=SC2086 # a two-word name is two words
  MINSIDE_VAR_DIR="$work/help-var" MINSIDE_DATABASE_URL="sqlite:$work/help-var/minside.db" MINSIDE_THREADS=abc \
    timeout 10 "$bin" $c --help > "$work/out" 2> "$work/err"
  rc=$?
  [ $rc -eq 0 ] && grep -q "^Bruk: minside $c" "$work/out" && [ ! -s "$work/err" ] && [ ! -e "$work/help-var" ]
  ok $? "$c --help prints its usage and touches nothing (exit $rc)"
done < "$work/commands"
[ "$count" -ge 9 ]; ok $? "--help lists every command ($count)"

"$bin" serve --ukjent > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'kjenner ikke valget «--ukjent»' "$work/out" && grep -q '^Bruk: minside serve' "$work/out"
ok $? "an unknown option is refused with the command's usage"

"$bin" migrate ekstra > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'tar ikke imot argumentet «ekstra»' "$work/out"; ok $? "an argument a command does not take is refused"

"$bin" export-noark > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'mangler et argument' "$work/out" && grep -q '^Bruk: minside export-noark MAPPE' "$work/out"
ok $? "a missing argument prints the usage"

"$bin" import-er --orgnr > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'valget --orgnr trenger en verdi' "$work/out"; ok $? "an option without its value is refused"

[ ! -e "$work/var" ]; ok $? "no mistake above created anything"

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

MINSIDE_DATABASE_URL="sqlite:$work/typo.db" MINSIDE_THRAEDS=4 MINSIDE_HELT_UKJENT=1 "$bin" migrate > "$work/out" 2>&1
[ $? -eq 0 ] && grep -q 'ukjent innstilling MINSIDE_THRAEDS i miljøet blir ikke brukt; mente du MINSIDE_THREADS?' "$work/out" \
  && grep -q 'ukjent innstilling MINSIDE_HELT_UKJENT i miljøet blir ikke brukt$' "$work/out"
ok $? "a misspelled MINSIDE_ variable is reported with the nearest setting"

for listen_base in "0.0.0.0:0 http://127.0.0.1:8080" "127.0.0.1:0 https://minside.example.no"; do
  set -- $listen_base
  MINSIDE_DATABASE_URL="sqlite:$work/nokey.db" MINSIDE_LISTEN=$1 MINSIDE_BASE_URL=$2 timeout 10 "$bin" serve > "$work/out" 2>&1
  rc=$?
  [ $rc -eq 2 ] && grep -q 'serve trenger en hemmelig nøkkel' "$work/out" && [ ! -e "$work/nokey.db" ]
  ok $? "serve without a secret key on $1 as $2 refuses to start (exit $rc)"
done

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

  # Progress is drawn on a terminal only: script(1) gives the command one, a pipe does not.
  for c in verify-documents sweep-documents; do
    script -qec "'$bin' $c" /dev/null > "$work/tty" 2>&1 && "$bin" $c > "$work/pipe" 2>&1
    rc=$?
    what=dokumentobjekter; [ $c = sweep-documents ] && what=filer
    [ $rc -eq 0 ] && grep -q "[0-9] $what  [0-9]*/s" "$work/tty" && ! grep -q "/s" "$work/pipe"
    ok $? "$engine: $c shows its progress on a terminal and not in a pipe"
  done

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
