#!/bin/sh
# `make test` after the build: the C tests (SQLite, and PostgreSQL through a server started
# for the run), then the browser tests, then one summary line for everything.
set -u
cd "$(dirname "$0")/.."
build=${1:-build-test}
status=0

tests/pg/with-postgres.sh meson test -C "$build" --print-errorlogs --num-processes 2 || status=1

rm -f "$build/e2e.tap"
MINSIDE_BIN="$build/minside" node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$build/e2e.tap" \
  tests/e2e/ || status=1

node scripts/test-summary.mjs "$build/meson-logs/testlog.json" "$build/e2e.tap" || status=1
exit $status
