#!/bin/bash
# Runs CMD with a throw-away PostgreSQL 15 server and MINSIDE_TEST_PG_URL pointing at its
# empty database minside_test. The server lives in a fresh temporary folder, listens on
# 127.0.0.1 and a Unix socket in that folder only, and is removed again however CMD ends.
#
#   tests/pg/with-postgres.sh meson test -C build
#
# PG_BIN overrides where the server binaries are (default /usr/lib/postgresql/15/bin).
set -eu

if [ $# -eq 0 ]; then
    echo "bruk: $0 KOMMANDO [ARGUMENTER...]" >&2
    exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/postgres" ]; then
    echo "with-postgres: finner ikke PostgreSQL i $PG_BIN (pakken postgresql-15)" >&2
    exit 2
fi

# The server refuses to run as root: as root, run it as the package's postgres user.
if [ "$(id -u)" -eq 0 ]; then
    DB_USER=postgres
    as_db_user() { runuser -u postgres -- "$@"; }
else
    DB_USER=$(id -un)
    as_db_user() { "$@"; }
fi

WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/minside-pg.XXXXXX")
DATA="$WORKDIR/data"
started=0

cleanup() {
    if [ "$started" -eq 1 ]; then
        as_db_user "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORKDIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

[ "$(id -u)" -eq 0 ] && chown "$DB_USER" "$WORKDIR"
chmod 700 "$WORKDIR"

if ! as_db_user "$PG_BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 \
    --locale=C --no-sync >"$WORKDIR/initdb.log" 2>&1; then
    echo "with-postgres: initdb feilet:" >&2
    cat "$WORKDIR/initdb.log" >&2
    exit 1
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Another program may take the port between choosing and starting; then choose again.
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    if as_db_user "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORKDIR/server.log" -w -t 60 -o \
        "-c listen_addresses=127.0.0.1 -p $PORT -k $WORKDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
        started=1
        break
    fi
done
if [ "$started" -ne 1 ]; then
    echo "with-postgres: serveren startet ikke:" >&2
    cat "$WORKDIR/server.log" >&2 || true
    exit 1
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" minside_test

export MINSIDE_TEST_PG_URL="postgresql://$DB_USER@127.0.0.1:$PORT/minside_test"
echo "with-postgres: PostgreSQL 15 kjører på 127.0.0.1:$PORT (mappe $WORKDIR), MINSIDE_TEST_PG_URL=$MINSIDE_TEST_PG_URL" >&2

status=0
"$@" || status=$?
exit "$status"
