#!/bin/bash
# Durability of the archive: registers uploads through the staff page's «Registrer journalpost»
# form of a running `minside serve`, logged in as a caseworker through the real staff login and
# the development identity provider (tools/idp/idp.mjs, via staff-login.mjs), kills it with
# SIGKILL at a random moment, restarts it, and checks after every kill that
#   - every entry the server acknowledged (303, after its commit, with the entry's id in the
#     address) is there, with a document whose checksum matches what the client sent;
#   - `minside verify-documents` finds every stored document intact;
#   - nothing unacknowledged left a half entry (an entry without its document) and, after the
#     sweep, no stored file lacks a row (SQLite) and no temporary file is left.
#
#   tests/durability/kill_test.sh sqlite [KILLS]
#   tests/pg/with-postgres.sh tests/durability/kill_test.sh postgres [KILLS]
#
# MINSIDE_BIN chooses the binary (default build/minside); node runs the identity provider.
# Then it writes an extract with `minside export-noark` and validates it with xmllint against the
# official XSDs, damages one stored document and expects `minside verify-documents` to fail.
# Prints «Overlevde N av N drap uten tap» and exits 0 only when every kill was survived and the
# commands did what they should.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
engine=${1:-sqlite}
kills=${2:-50}
bin=${MINSIDE_BIN:-build/minside}
clients=${KILL_TEST_CLIENTS:-3}
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
[ -x "$bin" ] || { echo "kill_test: finner ikke $bin; bygg først" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/minside-kill.XXXXXX")
server_pid=""
idp_pid=""
client_pids=""
cleanup() {
    [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
    [ -n "$idp_pid" ] && kill "$idp_pid" 2>/dev/null
    for p in $client_pids; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

case "$engine" in
sqlite)
    url="sqlite:$work/minside.db"
    sql() { sqlite3 "$work/minside.db" "$1"; }
    ;;
postgres)
    # 77: skipped, for meson, when no PostgreSQL was started for the run.
    [ -n "${MINSIDE_TEST_PG_URL:-}" ] || { echo "kill_test: kjør under tests/pg/with-postgres.sh" >&2; exit 77; }
    psql -q "$MINSIDE_TEST_PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS kill_test CASCADE; CREATE SCHEMA kill_test" || exit 1
    sep='?'; case "$MINSIDE_TEST_PG_URL" in *\?*) sep='&' ;; esac
    url="${MINSIDE_TEST_PG_URL}${sep}options=-csearch_path%3Dkill_test"
    sql() { psql -qAt -F '|' "$url" -c "$1"; }
    ;;
*) echo "bruk: $0 sqlite|postgres [DRAP]" >&2; exit 2 ;;
esac

# A port nothing listens on, found by trying, below the kernel's ephemeral range: while the
# server is down between a kill and the restart, the clients keep connecting to its port, and a
# port in that range can be taken by one of their own sockets (a TCP self-connect), so the
# restarted server could not bind it.
read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
span=$((ephemeral_low - 10000))
[ "$span" -gt 1000 ] || span=1000
port=""
for _ in $(seq 50); do
    p=$((10000 + RANDOM % span))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "kill_test: fant ingen ledig port" >&2; exit 1; }

export MINSIDE_DATABASE_URL="$url" MINSIDE_VAR_DIR="$work/var" MINSIDE_DATA_DIR="$root"
export MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="http://127.0.0.1:$port"
export MINSIDE_THREADS=4 MINSIDE_SHUTDOWN_GRACE=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
mkdir -p "$work/var" "$work/up"
"$bin" migrate >/dev/null || exit 1
touch "$work/acked"

# The development identity provider on free ports; it prints its issuers as one JSON line.
node tools/idp/idp.mjs --rp "$MINSIDE_BASE_URL" --public-port 0 --staff-port 0 >"$work/idp.out" 2>"$work/idp.log" &
idp_pid=$!
for _ in $(seq 200); do [ -s "$work/idp.out" ] && break; sleep 0.05; done
staff_issuer=$(sed -n 's/.*"staff":"\([^"]*\)".*/\1/p' "$work/idp.out")
public_issuer=$(sed -n 's/.*"public":"\([^"]*\)".*/\1/p' "$work/idp.out")
[ -n "$staff_issuer" ] || { echo "kill_test: identitetstilbyderen startet ikke:" >&2; cat "$work/idp.log" >&2; exit 1; }
export MINSIDE_OIDC_ISSUER="$public_issuer" MINSIDE_OIDC_CLIENT_ID=minside \
    MINSIDE_OIDC_CLIENT_SECRET=minside-utviklingshemmelighet \
    MINSIDE_STAFF_OIDC_ISSUER="$staff_issuer" MINSIDE_STAFF_OIDC_CLIENT_ID=minside-ansatt \
    MINSIDE_STAFF_OIDC_CLIENT_SECRET=minside-ansatt-utviklingshemmelighet

start_server() {
    "$bin" serve >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 200); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "kill_test: serveren startet ikke:" >&2
    tail -20 "$work/server.log" >&2
    return 1
}

# One client: uploads random text files (a kind the form takes) to its own case file until told
# to stop, and records each acknowledged entry as «id|checksum of what it sent».
client() {
    local n=$1 sak=$2 i=0 code sent out id
    while [ ! -e "$work/stop" ]; do
        i=$((i + 1))
        local f="$work/up/$n-$i.txt"
        # A line of words first: raw base64 now and then begins like some binary format to
        # libmagic (HPGL, GDF), which the form rightly refuses.
        { echo "Opplasting $n-$i fra varighetstesten"; head -c $((1 + RANDOM % 49152)) /dev/urandom | base64; } >"$f"
        sent=$(sha256sum "$f" | cut -c1-64)
        out=$(curl -s -o "$work/up/$n.resp" -w '%{http_code} %{redirect_url}' --max-time 10 \
            -H "Cookie: $cookie" -F "csrf=$csrf" -F type=I -F "tittel=Opplasting $n-$i" \
            -F part_rolle=avsender -F part_type=person -F part_navn=Testperson \
            -F "dokument=@$f;filename=opplasting-$n-$i.txt" \
            "http://127.0.0.1:$port/ansatt/arkiv/saksmapper/$sak/journalposter" 2>/dev/null)
        rm -f "$f"
        code=${out%% *}
        if [ "$code" = 303 ]; then
            id=$(sed -n 's/.*[?&]journalpost=\([0-9]*\).*/\1/p' <<<"$out")
            if [ -n "$id" ]; then echo "$id|$sent" >>"$work/acked.$n"; else echo "UTEN ID: $out" >>"$work/errors"; fi
        elif [ "$code" = 000 ]; then
            sleep 0.05 # the server is down: wait for the next start
        else
            echo "SVAR $out: $(grep -o 'ds-link" href="#[a-z_]*">[^<]*' "$work/up/$n.resp" | head -1)" >>"$work/errors"
        fi
    done
}

check() {
    local problems=0
    cat "$work"/acked.* >"$work/acked" 2>/dev/null
    "$bin" sweep-documents >/dev/null || problems=$((problems + 1))
    if ! "$bin" verify-documents >"$work/verify.out" 2>&1; then
        echo "  verify-documents:" >&2; head -5 "$work/verify.out" >&2
        problems=$((problems + 1))
    fi
    sql "SELECT d.entry_id || '|' || o.sha256 FROM archive_document_object o JOIN archive_document d ON d.id = o.document_id" | sort >"$work/stored"
    local lost
    lost=$(sort "$work/acked" | comm -23 - "$work/stored" | wc -l)
    if [ "$lost" -ne 0 ]; then echo "  $lost kvitterte journalposter mangler" >&2; problems=$((problems + 1)); fi
    local half
    half=$(sql "SELECT COUNT(*) FROM archive_entry e WHERE NOT EXISTS (SELECT 1 FROM archive_document d JOIN archive_document_object o ON o.document_id = d.id WHERE d.entry_id = e.id)")
    if [ "$half" -ne 0 ]; then echo "  $half journalposter uten dokument" >&2; problems=$((problems + 1)); fi
    if [ "$engine" = sqlite ]; then
        local files rows tmp
        files=$(find "$work/var/documents" -path "$work/var/documents/tmp" -prune -o -type f -print 2>/dev/null | wc -l)
        rows=$(sql "SELECT COUNT(DISTINCT sha256) FROM archive_document_object")
        tmp=$(find "$work/var/documents/tmp" -type f 2>/dev/null | wc -l)
        if [ "$files" -ne "$rows" ] || [ "$tmp" -ne 0 ]; then
            echo "  $files filer for $rows sjekksummer, $tmp midlertidige filer" >&2
            problems=$((problems + 1))
        fi
    fi
    [ -s "$work/errors" ] && { cat "$work/errors" >&2; problems=$((problems + 1)); }
    return $problems
}

# Log in once through the real staff login; the session lives in the database and outlasts
# every kill.
start_server || exit 1
node tests/durability/staff-login.mjs "$MINSIDE_BASE_URL" sara "$clients" >"$work/login" || exit 1
cookie=$(sed -n 's/^cookie=//p' "$work/login")
csrf=$(sed -n 's/^csrf=//p' "$work/login")
read -r -a cases <<<"$(sed -n 's/^sak=//p' "$work/login")"
kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""

survived=0
for k in $(seq "$kills"); do
    start_server || exit 1
    rm -f "$work/stop"
    client_pids=""
    for c in $(seq "$clients"); do client "$c" "${cases[$((c - 1))]}" & client_pids="$client_pids $!"; done
    # A random moment between 0.2 and 1.5 seconds into the load.
    sleep "0.$((2 + RANDOM % 8))$((RANDOM % 10))"
    [ $((RANDOM % 3)) -eq 0 ] && sleep 0.5
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null
    server_pid=""
    touch "$work/stop"
    for p in $client_pids; do wait "$p"; done
    client_pids=""
    if check; then survived=$((survived + 1)); else echo "drap $k: tap eller rester funnet" >&2; fi
done
# The commands on what the load left behind: the extract is valid against the official XSDs,
# and verify-documents reports a damaged document and fails.
failed=0
spec=${MINSIDE_SPEC_DIR:-$root/../shared/reference}
if "$bin" export-noark "$work/uttrekk" >/dev/null; then
    if [ -d "$spec/noark5/xsd" ]; then
        for f in arkivstruktur endringslogg loependeJournal offentligJournal; do
            xmllint --noout --schema "$spec/noark5/xsd/v5.0/$f.xsd" "$work/uttrekk/$f.xml" 2>/dev/null || { echo "kill_test: $f.xml er ugyldig" >&2; failed=1; }
        done
        xmllint --noout --schema "$spec/noark5/xsd/addml/addml.xsd" "$work/uttrekk/arkivuttrekk.xml" 2>/dev/null || { echo "kill_test: arkivuttrekk.xml er ugyldig" >&2; failed=1; }
    fi
else
    echo "kill_test: export-noark feilet" >&2; failed=1
fi
victim=$(sql "SELECT sha256 FROM archive_document_object ORDER BY id LIMIT 1")
if [ "$engine" = sqlite ]; then
    printf 'X' | dd of="$work/var/documents/${victim:0:2}/${victim:2}" bs=1 count=1 conv=notrunc 2>/dev/null
else
    sql "UPDATE archive_blob SET content = decode('00', 'hex') WHERE sha256 = '$victim'" >/dev/null
fi
if "$bin" verify-documents >"$work/verify.out" 2>&1 || ! grep -q "forventet sjekksum $victim" "$work/verify.out"; then
    echo "kill_test: verify-documents fant ikke det skadde dokumentet" >&2; failed=1
fi

entries=$(sql "SELECT COUNT(*) FROM archive_entry")
acked=$(wc -l <"$work/acked")
echo "Overlevde $survived av $kills drap uten tap ($engine; $acked kvitterte journalposter, $entries i alt)"
[ "$survived" -eq "$kills" ] && [ "$failed" -eq 0 ]
