#!/bin/sh
# Every build type compiles with -Werror, with and without the sanitizers: the optimiser sees
# warnings (format truncation, possibly uninitialised values) that the test build (-O0 with
# AddressSanitizer and UndefinedBehaviorSanitizer) does not. The release build is the one
# `make run` uses and is built whole; the others build the program.
#   build_types.sh SOURCE_DIR BUILD_ROOT
set -u
src=$1
root=$2
mkdir -p "$root"
n=0
fail=0
for buildtype in release plain debug debugoptimized minsize; do
    for sanitize in none address,undefined; do
        # The debug build with both sanitizers is the test build itself.
        [ "$buildtype" = debug ] && [ "$sanitize" != none ] && continue
        n=$((n + 1))
        name="$buildtype-$(echo "$sanitize" | tr ',' '+')"
        dir="$root/$name"
        what="the $buildtype build ($([ "$sanitize" = none ] && echo "no sanitizers" || echo "with $sanitize")) compiles without warnings"
        if [ ! -f "$dir/build.ninja" ] &&
            ! meson setup "$dir" "$src" --buildtype="$buildtype" -Db_sanitize="$sanitize" \
                -Db_lundef=false >"$dir.log" 2>&1; then
            sed 's/^/# /' "$dir.log" | tail -20
            echo "not ok $n - $what (meson setup failed)"
            fail=1
            continue
        fi
        target=minside
        [ "$buildtype" = release ] && [ "$sanitize" = none ] && target=
        if out=$(ninja -C "$dir" $target 2>&1); then
            echo "ok $n - $what"
        else
            printf '%s\n' "$out" | grep -E "error|warning" | head -40 | sed 's/^/# /'
            echo "not ok $n - $what"
            fail=1
        fi
    done
done
echo "1..$n"
exit $fail
