#!/bin/bash
# Attacks a running Min side as an outsider would, with the tools outsiders use:
#   - sqlmap over every form and query parameter it finds by crawling, anonymous and logged in
#     as a caseworker (the form's CSRF token refreshed for each try);
#   - wapiti's scan (injection, XSS, CRLF, file disclosure, redirects, …) logged in.
# Starts its own server (SQLite, demo data) and the development identity provider on loopback.
#
#   [MINSIDE_BIN=build/minside] scripts/attack.sh [minutes-per-tool]
#
# Prints the findings and exits 1 when there is any beyond the documented ones that come from
# serving plain http on loopback (no HSTS, cookies without Secure: docs/security.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
minutes=${1:-10}
bin=${MINSIDE_BIN:-build/minside}
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
for tool in sqlmap wapiti; do
  command -v "$tool" >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
done
[ -x "$bin" ] || make build >/dev/null

work=$(mktemp -d /tmp/minside-attack-XXXXXX)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
node tools/idp/idp.mjs --rp "$base" --public-port 0 --staff-port 0 >"$work/idp.out" 2>"$work/idp.log" &
pids="$pids $!"
for _ in $(seq 200); do [ -s "$work/idp.out" ] && break; sleep 0.05; done
export MINSIDE_DATABASE_URL="sqlite:$work/minside.db" MINSIDE_VAR_DIR="$work/var" MINSIDE_DATA_DIR="$root" \
  MINSIDE_LISTEN="127.0.0.1:$port" MINSIDE_BASE_URL="$base" MINSIDE_SECRET_KEY="$(printf 'a7%.0s' $(seq 32))" \
  MINSIDE_OIDC_ISSUER="$(sed -n 's/.*"public":"\([^"]*\)".*/\1/p' "$work/idp.out")" \
  MINSIDE_OIDC_CLIENT_ID=minside MINSIDE_OIDC_CLIENT_SECRET=minside-utviklingshemmelighet \
  MINSIDE_STAFF_OIDC_ISSUER="$(sed -n 's/.*"staff":"\([^"]*\)".*/\1/p' "$work/idp.out")" \
  MINSIDE_STAFF_OIDC_CLIENT_ID=minside-ansatt MINSIDE_STAFF_OIDC_CLIENT_SECRET=minside-ansatt-utviklingshemmelighet \
  MINSIDE_LOGIN_MAX_PER_BROWSER=100000 MINSIDE_LOGIN_MAX_PER_CLIENT=100000 MINSIDE_LOGIN_MAX_PER_RANGE=100000
"$bin" migrate >/dev/null
"$bin" seed-demo >/dev/null
"$bin" serve 2>"$work/serve.log" &
pids="$pids $!"
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

# A caseworker's session through the real staff login; the crawlers must not log it out.
node tests/durability/staff-login.mjs "$base" sara 1 >"$work/login"
cookie=$(sed -n 's/^cookie=//p' "$work/login")
exclude='logg-ut|logg-inn|/static/|frontkanal'

echo "== sqlmap, anonymous"
timeout $((minutes * 60)) sqlmap -u "$base/" --crawl=3 --crawl-exclude="$exclude" --forms --batch \
  --threads=4 --output-dir="$work/sqlmap-anon" >"$work/sqlmap-anon.txt" 2>&1 || true
echo "== sqlmap, caseworker"
timeout $((minutes * 60)) sqlmap -u "$base/ansatt" --crawl=3 --crawl-exclude="$exclude" --forms --batch \
  --threads=4 --cookie="$cookie" --csrf-token=csrf --output-dir="$work/sqlmap-staff" \
  >"$work/sqlmap-staff.txt" 2>&1 || true
echo "== wapiti, caseworker"
wapiti -u "$base/" --scope folder -H "Cookie: $cookie" -x "$base/logg-ut" -x "$base/ansatt/logg-inn" \
  -x "$base/logg-inn" --max-scan-time $((minutes * 60)) --flush-session -f json -o "$work/wapiti.json" \
  >"$work/wapiti.txt" 2>&1 || true

findings=0
for log in "$work"/sqlmap-*.txt; do
  tested=$(grep -c "testing '" "$log" || true)
  forms=$(grep -c "^\[#[0-9]*\]:\|form:" "$log" || true)
  hits=$(grep -iE "is vulnerable|injectable|sqlmap identified the following injection" "$log" | grep -v "not injectable\|does not seem to be injectable\|might not be injectable" || true)
  echo "$(basename "$log" .txt): $tested tests over the crawled forms and parameters; findings: ${hits:-none}"
  [ -n "$hits" ] && findings=$((findings + 1))
done
python3 - "$work/wapiti.json" <<'PY' || findings=$((findings + 1))
import json, sys
# Findings that only come from serving plain http on loopback (docs/security.md: TLS is nginx's).
http_only = ("Secure Flag cookie", "Strict-Transport-Security", "HttpOnly Flag cookie")
try:
    report = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("wapiti: no report"); sys.exit(1)
bad = 0
for category, items in sorted(report.get("vulnerabilities", {}).items()):
    for item in items:
        documented = any(k.lower() in (category + " " + item.get("info", "")).lower() for k in http_only)
        print(f"wapiti: {category}: {item.get('method', '')} {item.get('path', '')} {item.get('info', '')[:120]}"
              + (" (documented: plain http on loopback)" if documented else ""))
        bad += 0 if documented else 1
print(f"wapiti: {report.get('infos', {}).get('crawled_pages_nbr', '?')} pages crawled, {bad} findings beyond the documented")
sys.exit(1 if bad else 0)
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$findings" -eq 0 ]
