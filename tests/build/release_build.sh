#!/bin/sh
# The release build that `make run` uses (-O3, -Werror) compiles: the optimiser sees warnings
# (format truncation, possibly uninitialised values) that the sanitizer build does not.
#   release_build.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
dir=$2
echo "1..1"
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" "$src" --buildtype=release >"$dir.log" 2>&1 || { cat "$dir.log" | sed 's/^/# /'; echo "not ok 1 - meson setup"; exit 0; }
fi
if out=$(meson compile -C "$dir" 2>&1); then
  echo "ok 1 - the release build compiles without warnings"
else
  printf '%s\n' "$out" | grep -E "error|warning" | head -40 | sed 's/^/# /'
  echo "not ok 1 - the release build compiles without warnings"
fi
