#!/bin/sh
# Builds the libFuzzer targets in tests/fuzz/ with clang and runs each for a while.
#   scripts/fuzz.sh [seconds per target]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
if ! command -v clang >/dev/null || [ ! -d /usr/lib/llvm-14/lib/clang ]; then
  apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
out=build-fuzz
mkdir -p "$out"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc $(pkg-config --cflags jansson)"
clang $flags tests/fuzz/fuzz_mustache.c src/view/mustache.c src/core/strbuf.c -ljansson -o "$out/fuzz_mustache"
clang $flags $(pkg-config --cflags libmicrohttpd) tests/fuzz/fuzz_request_text.c src/core/utf8.c \
  src/core/arena.c src/http/router.c -o "$out/fuzz_request_text"
clang $flags $(pkg-config --cflags libxml-2.0) tests/fuzz/fuzz_innsyn_order.c src/innsyn/innsyn_order.c \
  src/core/arena.c src/core/email.c src/core/utf8.c $(pkg-config --libs libxml-2.0 libidn2) \
  -o "$out/fuzz_innsyn_order"
clang $flags tests/fuzz/fuzz_journal_query.c src/journal/journal_text.c src/core/utf8.c \
  src/core/arena.c -o "$out/fuzz_journal_query"
for target in fuzz_mustache fuzz_request_text fuzz_innsyn_order fuzz_journal_query; do
  mkdir -p "$out/corpus-$target"
  echo "== $target ($seconds s)"
  "$out/$target" -max_total_time="$seconds" -print_final_stats=1 "$out/corpus-$target" 2>&1 | tail -4
done
