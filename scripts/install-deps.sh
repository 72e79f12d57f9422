#!/bin/sh
# Installs the Debian and npm packages Min side needs to build, run and test.
# Idempotent: a second run only checks and returns quickly.
set -eu
cd "$(dirname "$0")/.."

DEBS="build-essential meson ninja-build pkg-config clang-format
libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev libjansson-dev libcurl4-openssl-dev
libsodium-dev libcjose-dev libidn2-dev libxml2-dev libxml2-utils libssl-dev libmagic-dev zlib1g-dev libyajl-dev
clang libclang-rt-14-dev tzdata curl postgresql-15 postgresql-client-15 chromium python3-aiosmtpd nginx-light wrk
libcmark-dev libgmime-3.0-dev libsystemd-dev"
# CSV files of the statistics page (src/stats).
DEBS="$DEBS libcsv-dev"

missing=""
for p in $DEBS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js may come from another packaging than Debian's (with npm inside); only add Debian's when absent.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Mangler Debian-pakker:$missing — kjør som root, eller installer dem selv." >&2
    exit 1
  fi
  echo "Installerer Debian-pakker:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi

# Node packages for the page assets and the browser tests, pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.installed ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi
