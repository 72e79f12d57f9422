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

"$bin" jobs > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q '«jobs» trenger en underkommando' "$work/out" && grep -q 'jobs run-once' "$work/out"
ok $? "the first word of a two-word command asks for the rest"

"$bin" --config > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'valget --config trenger en fil' "$work/out"; ok $? "--config without a file is refused"

printf 'MINSIDE_THREADS=abc\n' > "$work/threads.conf"
"$bin" --config="$work/threads.conf" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'MINSIDE_THREADS må være et tall' "$work/out"; ok $? "--config=FILE is read too"

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

printf 'MINSIDE_LISTN=127.0.0.1:0\n' > "$work/typo.conf"
"$bin" --config "$work/typo.conf" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'linje 1: ukjent innstilling MINSIDE_LISTN; mente du MINSIDE_LISTEN?' "$work/out"
ok $? "a misspelled name in the settings file is refused with the nearest setting"

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
  "$bin" import-innsynskrav > "$work/out" 2>&1
  [ $? -eq 2 ] && grep -q 'Bruk: minside import-innsynskrav' "$work/out"; ok $? "$engine: import-innsynskrav without a file shows its usage"
  # The reference order names entry 2025/23456-1, which a fresh database does not have.
  "$bin" import-innsynskrav "$MINSIDE_SPEC_DIR/einnsyn/innsynskrav/order-v1.xml" > "$work/out" 2>&1
  [ $? -eq 1 ] && grep -q 'order-v1.xml:[0-9]*: journalpost 2025/23456-1 finnes ikke hos oss' "$work/out" &&
    grep -q 'ingenting er endret' "$work/out"
  ok $? "$engine: import-innsynskrav refuses an order for an unknown entry with file and line"

  # Progress is drawn on a terminal only: script(1) gives the command one, a pipe does not.
  for c_what in verify-documents:dokumentobjekter sweep-documents:filer "retention --dry-run:elementer ville"; do
    c=${c_what%%:*}
    what=${c_what#*:}
    # shellcheck disable=SC2086 # a command with its option is two words
    script -qec "'$bin' $c" /dev/null > "$work/tty" 2>&1 && "$bin" $c > "$work/pipe" 2>&1
    rc=$?
    [ $rc -eq 0 ] && grep -q "[0-9] $what" "$work/tty" && ! grep -q "/s" "$work/pipe"
    ok $? "$engine: $c shows its progress on a terminal and not in a pipe"
  done

  "$bin" backup "$work/kopi-$engine" > "$work/out" 2>&1
  rc=$?
  if [ "$engine" = sqlite ]; then
    [ $rc -eq 0 ] && MINSIDE_VAR_DIR="$work/kopi-$engine" MINSIDE_DATABASE_URL="sqlite:$work/kopi-$engine/minside.db" \
      "$bin" verify-documents > /dev/null 2>&1
    ok $? "$engine: backup writes a copy that verify-documents passes"
  else
    [ $rc -eq 2 ] && grep -q 'pg_dump' "$work/out"; ok $? "$engine: backup points to pg_dump (exit $rc)"
  fi

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

# MINSIDE_LOG_FORMAT=json: every line on stderr is one JSON object; the access line carries its
# fields and the request id the client got in X-Request-Id, and a line a handler writes during
# the request (a refused cross-origin form) carries the same id.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
MINSIDE_DATABASE_URL="sqlite:$work/minside.db" MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_LOG_FORMAT=json \
  MINSIDE_LOGG_FORMAT=x "$bin" serve > "$work/json.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
health_id=$(curl -si "http://127.0.0.1:$port/healthz" | tr -d '\r' | sed -n 's/^X-Request-Id: //ip')
refused_id=$(curl -si -X POST -H 'Origin: https://annen.example' "http://127.0.0.1:$port/logg-ut" | tr -d '\r' | sed -n 's/^X-Request-Id: //ip')
kill -TERM $pid
wait $pid
node -e '
const [file, healthId, refusedId] = process.argv.slice(1);
const lines = require("fs").readFileSync(file, "utf8").split("\n").filter(l => l !== "");
const objs = lines.map(l => JSON.parse(l));            // throws on a line that is not JSON
const need = (cond, what) => { if (!cond) { console.error(what); process.exit(1); } };
need(objs.every(o => o.time && o.level && typeof o.msg === "string"), "a line without time, level or msg");
const access = objs.find(o => o.msg === "access" && o.request_id === healthId);
need(access && access.method === "GET" && access.path === "/healthz" && access.status === 200 &&
     Number.isInteger(access.ms) && access.ip, "no structured access line for " + healthId);
need(objs.some(o => o.request_id === refusedId && o.level === "WARN" && /annen opprinnelse/.test(o.msg)),
     "the refusal is not logged with its request id");
need(objs.some(o => /MINSIDE_LOGG_FORMAT.*MINSIDE_LOG_FORMAT/.test(o.msg)), "the typo warning is not JSON");
need(objs.some(o => o.msg === "Min side er stoppet" && !o.request_id), "the stop line is missing or has an id");
' "$work/json.log" "$health_id" "$refused_id" 2> "$work/json.err"
ok $? "MINSIDE_LOG_FORMAT=json writes every line as JSON with the request id ($(head -c 200 "$work/json.err"))"

# Type=notify: under systemd (NOTIFY_SOCKET set) serve says READY=1 once it answers, and
# STOPPING=1 on SIGTERM. A datagram socket stands in for systemd's.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); s.settimeout(20)
open(sys.argv[1] + ".bound", "w").close()
with open(sys.argv[2], "w") as out:
    while True:
        try: msg = s.recv(4096).decode()
        except socket.timeout: break
        out.write(msg + "\n"); out.flush()
        if "STOPPING=1" in msg: break
' "$work/notify" "$work/notified" &
listener=$!
for _ in $(seq 50); do [ -e "$work/notify.bound" ] && break; sleep 0.1; done
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
NOTIFY_SOCKET="$work/notify" MINSIDE_DATABASE_URL="sqlite:$work/minside.db" MINSIDE_LISTEN="127.0.0.1:$port" \
  "$bin" serve > "$work/notify.log" 2>&1 &
pid=$!
ready=1
for _ in $(seq 100); do grep -q '^READY=1' "$work/notified" 2>/dev/null && { ready=0; break; }; sleep 0.1; done
[ $ready -eq 0 ] && curl -sf "http://127.0.0.1:$port/healthz" > /dev/null
ok $? "serve tells systemd READY=1 when it answers (sd_notify)"
kill -TERM $pid
wait $pid
wait $listener
grep -q '^STOPPING=1' "$work/notified"; ok $? "and STOPPING=1 on SIGTERM"

MINSIDE_DATABASE_URL="sqlite:$work/finnes/ikke/minside.db" MINSIDE_LOG_FORMAT=json "$bin" serve > "$work/out" 2>&1
[ $? -eq 1 ] && node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l !== "");
const o = lines.map(l => JSON.parse(l));
process.exit(o.some(x => x.level === "ERROR" && /kan ikke åpne databasen/.test(x.msg)) ? 0 : 1);
' "$work/out"
ok $? "with MINSIDE_LOG_FORMAT=json, serve failing to start says why in a JSON line"

MINSIDE_LOG_FORMAT=yaml "$bin" migrate > "$work/out" 2>&1
[ $? -eq 2 ] && grep -q 'MINSIDE_LOG_FORMAT må være text eller json' "$work/out"; ok $? "an unknown log format is refused"
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
