#!/bin/sh
# `make run`: an SQLite database under var/ with migrations and demo data, then the server
# in the foreground until Ctrl-C.
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
echo
echo "Min side: $MINSIDE_BASE_URL   (Ctrl-C stopper)"
echo
exec "$bin" serve
