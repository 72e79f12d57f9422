#!/bin/sh
# Newsletter sending: COUNT confirmed subscribers (SQLite), an issue sent through the staff page
# («Send til alle abonnenter» over HTTP, as a leder), then the batches' jobs timed while RUNNERS
# `minside jobs run-once` processes send them to Postfix's smtp-sink on loopback, a real SMTP
# server made for this that accepts and discards (package postfix; the daemon is not needed).
# Each job keeps one SMTP connection for its 500 messages.
#
#   bench/newsletter.sh [count] [runners]
set -eu
cd "$(dirname "$0")/.."
count=${1:-100000}
runners=${2:-1}
sink=/usr/sbin/smtp-sink
[ -x "$sink" ] || { echo "bench/newsletter.sh trenger smtp-sink fra Debian-pakken postfix" >&2; exit 1; }
[ -f build/build.ninja ] || meson setup build --buildtype=release > /dev/null
meson compile -C build minside:executable > /dev/null
work=$(mktemp -d /tmp/minside-bench-newsletter-XXXXXX)
sink_pid=
serve_pid=
trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

smtp_port=$(free_port)
"$sink" -u nobody 127.0.0.1:"$smtp_port" 1024 &
sink_pid=$!
http_port=$(free_port)
export MINSIDE_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export MINSIDE_DATABASE_URL="sqlite:$work/bench.db"
export MINSIDE_VAR_DIR="$work/var"
export MINSIDE_LISTEN="127.0.0.1:$http_port"
export MINSIDE_BASE_URL="http://127.0.0.1:$http_port"
export MINSIDE_MAIL_FROM="nyhetsbrev@forbrukertilsynet.example"
export MINSIDE_SECRET_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export MINSIDE_JOB_THREADS=0
build/minside migrate > /dev/null

token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
csrf=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
sqlite3 "$work/bench.db" "BEGIN;
  WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series WHERE n < $count)
  INSERT INTO newsletter_subscriber (address, ref, consent_version, consent_at, confirmed_at, created_at)
  SELECT 'abonnent' || n || '@example.no', printf('%032x', n), '2026-12-01', 1, 1, 1 FROM series;
  INSERT INTO staff (subject, name, email, roles, last_login_at) VALUES ('leder', 'Leder', 'leder@example.no', 'leder', 0);
  INSERT INTO session (token_hash, provider, staff_id, csrf_token, created_at, last_seen_at, expires_at)
  VALUES ('$hash', 'staff', 1, '$csrf', strftime('%s', 'now'), strftime('%s', 'now'), strftime('%s', 'now') + 3600);
  INSERT INTO newsletter_issue (title, body, created_by, created_at, updated_at)
  VALUES ('Nytt fra Forbrukertilsynet', '## Angrerett

Du har **14 dager** angrerett når du handler på nett. Les mer på [forbrukertilsynet.no](https://www.forbrukertilsynet.no).

- Gjelder varer og tjenester
- Fristen løper fra du fikk varen
', 1, 1, 1);
  COMMIT;"

build/minside serve > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$http_port/healthz" > /dev/null && break; sleep 0.1; done
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $MINSIDE_BASE_URL" \
  -b "minside=$token" --data "csrf=$csrf" "http://127.0.0.1:$http_port/ansatt/nyhetsbrev/1/send")
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=
[ "$status" = 303 ] || { echo "«Send» svarte $status" >&2; cat "$work/serve.log" >&2; exit 1; }
batches=$(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM newsletter_batch")

start=$(date +%s.%N)
pids=
for k in $(seq "$runners"); do
  # The runner's own CPU time beside the wall clock: on a machine shared with other work the
  # CPU seconds per message say what the sender costs, whatever else runs.
  sh -c 'build/minside jobs run-once > /dev/null 2>&1; cat /proc/$$/stat' > "$work/cpu.$k" 2>/dev/null &
  pids="$pids $!"
done
for p in $pids; do wait "$p"; done
end=$(date +%s.%N)
sent=$(sqlite3 "$work/bench.db" "SELECT SUM(sent) FROM newsletter_batch")
failed=$(sqlite3 "$work/bench.db" "SELECT SUM(failed) FROM newsletter_batch")
state=$(sqlite3 "$work/bench.db" "SELECT state FROM newsletter_issue WHERE id = 1")
ticks=$(getconf CLK_TCK)
cpu=$(cat "$work"/cpu.* | awk -v t="$ticks" '{ c += ($16 + $17) / t } END { printf "%.2f", c }')
awk -v n="$sent" -v f="$failed" -v b="$batches" -v r="$runners" -v s="$start" -v e="$end" -v st="$state" -v c="$cpu" \
  'BEGIN { printf "%d sent, %d failed in %d batches by %d runner(s) in %.2f s: %.0f messages/s (issue %s)\n", n, f, b, r, e - s, n / (e - s), st;
           printf "runner CPU %.2f s: %.3f ms a message, %.0f messages per CPU second\n", c, 1000 * c / n, n / c }'
