#!/bin/sh
# The layer rule and the SQL rule of docs/architecture.md, checked on every source file.
#
# Layers, lowest first: core; db and view; http; the program's shared state (src/app.*); the
# domains; web; main.c. A file may include its own layer and those below it, never one above.
# Domains may include each other's headers (never each other's tables: see the SQL rule).
# SQL (db_prepare, db_run, db_run_changes, db_exec) is written only in files named *_db.c and in
# src/db/ itself.
set -u
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top/src" || exit 2

domains=""
for d in */; do
    d=${d%/}
    case $d in core | db | view | http | web) ;; *) domains="$domains $d" ;; esac
done

# The layers a folder (or file) may include.
allowed() {
    case $1 in
    core) echo "core" ;;
    db) echo "core db" ;;
    view) echo "core view" ;;
    http) echo "core db view http" ;;
    app) echo "core db view http app" ;;
    web) echo "core db view http app $domains web" ;;
    main) echo "core db view http app $domains web" ;;
    *) echo "core db view http app $domains" ;;
    esac
}

n=0
fail=0
check() {
    n=$((n + 1))
    if [ -z "$2" ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        printf '%s\n' "$2" | sed '/^$/d; s/^/# /'
        fail=1
    fi
}

for f in $(find . -name '*.c' -o -name '*.h' | sed 's|^\./||' | sort); do
    case $f in
    app.c | app.h) layer=app ;;
    main.c) layer=main ;;
    */*) layer=${f%%/*} ;;
    *) layer=unknown ;;
    esac
    ok=$(allowed "$layer")
    bad=""
    for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        case $inc in
        */*) target=${inc%%/*} ;;
        app.h) target=app ;;
        *) continue ;; # a file beside it
        esac
        case " $ok " in *" $target "*) ;; *) bad="$bad$f includes $inc (layer $layer may include: $ok)
" ;; esac
    done
    check "$f includes only its own layer and those below" "$bad"
done

sql=$(grep -rnE '\b(db_prepare|db_run|db_run_changes|db_exec)\(' --include='*.c' . |
    grep -v '^\./db/' | grep -vE '^\./[^:]*_db\.c:' || true)
check "SQL is written only in *_db.c files and src/db/" "$sql"

echo "1..$n"
exit $fail
