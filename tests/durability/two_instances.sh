#!/bin/bash
# The deployment docs/deploy.md describes: two `minside serve` instances against one PostgreSQL,
# behind nginx (Debian's, started here on loopback with the upstream settings deploy.md gives).
#
#   tests/pg/with-postgres.sh tests/durability/two_instances.sh [SECONDS-PER-PHASE]
#
# While wrk reads the front page through nginx and writers sign up for the newsletter through
# nginx (each sign-up is acknowledged only after its commit, and queues one confirmation e-mail
# as a job), it
#   1. kills one instance with SIGKILL and starts it again;
#   2. restarts both, one after the other, with SIGTERM (each finishes what it has begun).
# Then it checks that
#   - every acknowledged sign-up is in the database (no acknowledged write lost);
#   - the SMTP server on loopback (tests/mail/smtp_sink.py) got a confirmation for each of them,
#     never two for one address across the SIGTERM restarts, and at most the one that was in
#     flight at the SIGKILL twice (delivery is at least once);
#   - during the SIGTERM phase wrk saw no failed request (no socket errors, no non-2xx).
# Prints TAP; exits 77 (skipped) when no PostgreSQL was started for the run.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
phase=${1:-6}
bin=${MINSIDE_BIN:-build/minside}
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
[ -x "$bin" ] || { echo "two_instances: finner ikke $bin; bygg først" >&2; exit 2; }
[ -n "${MINSIDE_TEST_PG_URL:-}" ] || { echo "1..0 # SKIP kjør under tests/pg/with-postgres.sh"; exit 77; }
for tool in nginx wrk; do
    command -v "$tool" >/dev/null || { echo "two_instances: $tool mangler (scripts/install-deps.sh)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/minside-two.XXXXXX")
pids=""
cleanup() {
    for p in $pids; do kill -9 "$p" 2>/dev/null; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

n=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

psql -q "$MINSIDE_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS two_instances CASCADE; CREATE SCHEMA two_instances" || exit 1
sep='?'; case "$MINSIDE_TEST_PG_URL" in *\?*) sep='&' ;; esac
url="${MINSIDE_TEST_PG_URL}${sep}options=-csearch_path%3Dtwo_instances"
sql() { psql -qAt "$url" -c "$1"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
port_a=$(free_port)
port_b=$(free_port)
while [ "$port_b" = "$port_a" ]; do port_b=$(free_port); done

mkdir -p "$work/mail"
tests/mail/smtp_sink.py "$work/mail" >"$work/smtp.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 600); do [ -s "$work/mail/port" ] && break; sleep 0.05; done
smtp_port=$(cat "$work/mail/port" 2>/dev/null)
[ -n "$smtp_port" ] || { echo "two_instances: SMTP-serveren startet ikke:" >&2; cat "$work/smtp.log" >&2; exit 1; }

export MINSIDE_DATABASE_URL="$url" MINSIDE_DATA_DIR="$root" MINSIDE_TRUST_PROXY=1 \
    MINSIDE_BASE_URL="http://127.0.0.1:$nginx_port" MINSIDE_SECRET_KEY="$(printf '5a%.0s' $(seq 32))" \
    MINSIDE_SMTP_URL="smtp://127.0.0.1:$smtp_port" MINSIDE_MAIL_FROM="ikke-svar@forbrukertilsynet.test" \
    MINSIDE_JOB_POLL_MS=100 MINSIDE_JOB_THREADS=1 MINSIDE_THREADS=4 MINSIDE_SHUTDOWN_GRACE=10
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
"$bin" migrate >/dev/null || exit 1

declare -A server_pid
start_instance() {
    local name=$1 port=$2
    MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_VAR_DIR="$work/var-$name" "$bin" serve >>"$work/$name.log" 2>&1 &
    server_pid[$name]=$!
    pids="$pids $!"
    for _ in $(seq 200); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "two_instances: $name startet ikke" >&2
    tail -20 "$work/$name.log" >&2
    return 1
}
start_instance a "$port_a" || exit 1
start_instance b "$port_b" || exit 1

# nginx as deploy.md configures it, minus TLS.
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx-body;
    proxy_temp_path $work/nginx-proxy;
    fastcgi_temp_path $work/nginx-fastcgi;
    uwsgi_temp_path $work/nginx-uwsgi;
    scgi_temp_path $work/nginx-scgi;
    upstream minside {
        server 127.0.0.1:$port_a max_fails=0;
        server 127.0.0.1:$port_b max_fails=0;
        keepalive 32;
        keepalive_timeout 50s;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        client_max_body_size 110m;
        proxy_request_buffering off;
        location / {
            proxy_pass http://minside;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_read_timeout 120s;
        }
    }
}
NGINX
nginx -p "$work" -c "$work/nginx.conf" || { cat "$work/nginx-error.log" >&2; exit 1; }
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$nginx_port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done

consent=$(curl -fs "http://127.0.0.1:$nginx_port/nyhetsbrev" | sed -n 's/.*name="samtykke" value="\([^"]*\)".*/\1/p')
[ -n "$consent" ]; ok $? "the sign-up form is served through nginx (consent version «$consent»)"

# A writer signs up new addresses until told to stop; each sign-up comes from its own loopback
# address (the per-client limit counts by address) and is recorded when acknowledged (200).
writer() {
    local phase=$1 w=$2 i=0 code offset=0
    [ "$phase" = term ] && offset=125 # each sign-up from its own /24 in each phase
    while [ ! -e "$work/stop" ]; do
        i=$((i + 1))
        local address="$phase-w$w-$i@eksempel.no"
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 \
            --interface "127.$w.$(((i + offset) % 250 + 1)).1" \
            -H "Origin: http://127.0.0.1:$nginx_port" --data-urlencode "epost=$address" \
            --data-urlencode "samtykke=$consent" "http://127.0.0.1:$nginx_port/nyhetsbrev")
        case "$code" in
        200) echo "$address" >>"$work/acked.$w" ;;
        000 | 502 | 503 | 504) sleep 0.05 ;; # not acknowledged: an instance was going away
        *) echo "$address $code" >>"$work/unexpected" ;;
        esac
    done
}

run_phase() {
    local name=$1
    shift
    rm -f "$work/stop"
    local writers=""
    for w in 11 12 13; do writer "$name" "$w" & writers="$writers $!"; done
    wrk -t 2 -c 16 -d "${phase}s" --latency "http://127.0.0.1:$nginx_port/" >"$work/wrk-$name.txt" 2>&1 &
    local wrk_pid=$!
    "$@"
    wait "$wrk_pid"
    touch "$work/stop"
    for p in $writers; do wait "$p"; done
}

kill_and_restart() {
    sleep 1.5
    kill -9 "${server_pid[a]}"
    wait "${server_pid[a]}" 2>/dev/null
    sleep 1
    start_instance a "$port_a"
}

restart_both() {
    sleep 1
    for name in a b; do
        local port=$port_a
        [ "$name" = b ] && port=$port_b
        kill -TERM "${server_pid[$name]}"
        wait "${server_pid[$name]}" 2>/dev/null
        start_instance "$name" "$port" || return 1
        sleep 0.5
    done
}

requests() { sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$1"; }
failures() {
    local socket non2xx
    socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$1" |
        awk '{print $1 + $2 + $3 + $4}')
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$1")
    echo $((${socket:-0} + ${non2xx:-0}))
}

run_phase kill kill_and_restart
ok 0 "SIGKILL phase: $(requests "$work/wrk-kill.txt") requests through nginx, $(failures "$work/wrk-kill.txt") failed while instance a was killed and restarted"
run_phase term restart_both
[ "$(failures "$work/wrk-term.txt")" -eq 0 ]
ok $? "SIGTERM phase: no failed request of $(requests "$work/wrk-term.txt") while both instances were restarted in turn"

# The jobs finish the confirmations that are queued (any instance may take them).
for _ in $(seq 300); do
    [ "$(sql "SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued'")" = 0 ] && break
    sleep 0.1
done
sleep 1
cat "$work"/acked.* 2>/dev/null | sort -u >"$work/acked"
acked=$(wc -l <"$work/acked")
[ "$acked" -gt 20 ]; ok $? "the writers had $acked sign-ups acknowledged"
sql "SELECT address FROM newsletter_subscriber" | sort >"$work/stored"
lost=$(comm -23 "$work/acked" "$work/stored" | wc -l)
[ "$lost" -eq 0 ]; ok $? "every acknowledged sign-up is in the database ($lost missing)"
python3 - "$work/mail" >"$work/mailed" <<'PY'
import json, os, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if name.endswith(".json"):
        with open(os.path.join(folder, name)) as f:
            for rcpt in json.load(f).get("rcpt_tos", []):
                print(rcpt.lower())
PY
# Delivery is at least once (docs/jobs-and-mail.md): the one e-mail instance a may have been
# handing to the SMTP server when SIGKILL came can be sent again by instance b. A SIGTERM lets
# the job finish, so there nothing may come twice.
twice_kill=$(grep '^kill-' "$work/mailed" | sort | uniq -d | wc -l)
twice_term=$(grep '^term-' "$work/mailed" | sort | uniq -d | wc -l)
[ "$twice_kill" -le 1 ]; ok $? "SIGKILL phase: at most the one e-mail in flight at the kill came twice ($twice_kill did)"
[ "$twice_term" -eq 0 ]; ok $? "SIGTERM phase: no address got its confirmation twice ($twice_term did)"
# A confirmation that was being sent when its instance was killed waits for its job's lease to
# run out before another instance sends it again: still queued, not lost.
sort -u "$work/mailed" | comm -23 "$work/acked" - >"$work/unmailed"
sql "SELECT recipient FROM mail_outbox WHERE state = 'queued'" | sort -u >"$work/queued"
waiting=$(comm -12 "$work/unmailed" "$work/queued" | wc -l)
lost=$(comm -23 "$work/unmailed" "$work/queued" | wc -l)
[ "$lost" -eq 0 ]; ok $? "every acknowledged sign-up got its confirmation or has it queued ($waiting still queued, $lost lost)"
[ ! -s "$work/unexpected" ]; ok $? "no sign-up got an unexpected answer"
[ -s "$work/unexpected" ] && head -5 "$work/unexpected" >&2
echo "1..$n"
