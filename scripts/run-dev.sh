#!/bin/sh
# `make run`: an SQLite database under var/ with migrations and demo data, a local SMTP catcher
# that keeps every e-mail as a file in var/mail/, then the server in the foreground until Ctrl-C.
set -eu
bin=${1:-build/minside}
cd "$(dirname "$0")/.."
mkdir -p var
umask 077
if [ ! -s var/secret.key ]; then
  od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > var/secret.key
fi
export MINSIDE_SECRET_KEY_FILE="${MINSIDE_SECRET_KEY_FILE:-var/secret.key}"
export MINSIDE_DATABASE_URL="${MINSIDE_DATABASE_URL:-sqlite:var/minside.db}"
export MINSIDE_LISTEN="${MINSIDE_LISTEN:-127.0.0.1:8080}"
export MINSIDE_BASE_URL="${MINSIDE_BASE_URL:-http://$MINSIDE_LISTEN}"
"$bin" migrate
"$bin" seed-demo

# E-mail goes to a catcher on loopback (Debian's python3-aiosmtpd), never out of the machine.
# Debian's own python3 by its path: another python3 first in PATH lacks Debian's modules.
smtp_port=${MINSIDE_DEV_SMTP_PORT:-2525}
rm -f var/mail/port
/usr/bin/python3 tests/mail/smtp_sink.py var/mail --port "$smtp_port" &
smtp_pid=$!

# The development identity providers (tools/idp): public login like ID-porten, and staff login.
IDP_PUBLIC_PORT=${IDP_PUBLIC_PORT:-9090}
IDP_STAFF_PORT=${IDP_STAFF_PORT:-9091}
node tools/idp/idp.mjs --rp "$MINSIDE_BASE_URL" --public-port "$IDP_PUBLIC_PORT" \
  --staff-port "$IDP_STAFF_PORT" >var/idp.log 2>&1 &
idp_pid=$!

server_pid=
stop_all() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  kill -TERM "$smtp_pid" "$idp_pid" 2>/dev/null
  wait "$smtp_pid" "$idp_pid" 2>/dev/null
  return 0
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
for _ in $(seq 50); do [ -s var/mail/port ] && break; sleep 0.1; done
if [ ! -s var/mail/port ]; then
  echo "SMTP-fangeren startet ikke på 127.0.0.1:$smtp_port (opptatt? sett MINSIDE_DEV_SMTP_PORT)" >&2
  exit 1
fi
export MINSIDE_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export MINSIDE_OIDC_ISSUER="${MINSIDE_OIDC_ISSUER:-http://127.0.0.1:$IDP_PUBLIC_PORT}"
export MINSIDE_OIDC_CLIENT_ID="${MINSIDE_OIDC_CLIENT_ID:-minside}"
export MINSIDE_OIDC_CLIENT_SECRET="${MINSIDE_OIDC_CLIENT_SECRET:-minside-utviklingshemmelighet}"
export MINSIDE_STAFF_OIDC_ISSUER="${MINSIDE_STAFF_OIDC_ISSUER:-http://127.0.0.1:$IDP_STAFF_PORT}"
export MINSIDE_STAFF_OIDC_CLIENT_ID="${MINSIDE_STAFF_OIDC_CLIENT_ID:-minside-ansatt}"
export MINSIDE_STAFF_OIDC_CLIENT_SECRET="${MINSIDE_STAFF_OIDC_CLIENT_SECRET:-minside-ansatt-utviklingshemmelighet}"

echo
echo "Min side: $MINSIDE_BASE_URL   (Ctrl-C stopper)"
echo "Logg inn: $MINSIDE_BASE_URL/logg-inn (testpersoner)  ·  ansatte: $MINSIDE_BASE_URL/ansatt/logg-inn"
echo "E-post havner i var/mail/ (én .eml-fil per melding; SMTP på 127.0.0.1:$smtp_port)"
echo "Testpersoner (docs/test-persons.md):"
node -e "import('./tools/idp/persons.mjs').then(({ publicPersons, staffPersons }) => {
  for (const p of publicPersons) console.log('  ' + p.name + ' (' + p.pid + '): ' + p.about);
  for (const p of staffPersons) console.log('  ' + p.name + ' (ansatt): ' + p.about);
})"
echo
# In the background so the traps above run at once on Ctrl-C and stop every process.
"$bin" serve &
server_pid=$!
wait "$server_pid" || true
