#!/bin/sh
# The libFuzzer targets of tests/fuzz/, built with clang by Meson in build-fuzz/.
#   scripts/fuzz.sh TARGET [SECONDS]   runs one target (default 600 s); new inputs are kept in
#                                      build-fuzz/corpus/TARGET, crashes in build-fuzz/crashes/
#   scripts/fuzz.sh all [SECONDS]      runs every target in turn
#   scripts/fuzz.sh --smoke TARGET...  what `make test` runs: each for MINSIDE_FUZZ_SECONDS
#                                      (default 2) from its seed corpus, failing on a crash
# Seeds are in tests/fuzz/corpus/TARGET/; a crash found is fixed and its input added there.
set -eu
cd "$(dirname "$0")/.."
out=build-fuzz

if ! command -v clang >/dev/null 2>&1 || [ ! -d /usr/lib/llvm-14/lib/clang ]; then
  echo "fuzz: clang og libclang-rt-14-dev mangler (scripts/install-deps.sh installerer dem)" >&2
  [ "${1:-}" = --smoke ] && exit 77 # skipped, not failed
  exit 1
fi

if [ ! -f "$out/build.ninja" ]; then
  CC=clang meson setup "$out" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=plain -Dc_args='-g -O1' >/dev/null
fi
ninja -C "$out" fuzz-targets >/dev/null

# Runs $1 for $2 seconds with $3 as the corpus it grows; libFuzzer's output goes to $out/$4.log.
run_target() {
  mkdir -p "$3" "$out/crashes"
  seeds=tests/fuzz/corpus/$1
  [ -d "$seeds" ] || seeds=
  ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$out/tests/fuzz/$1" -max_total_time="$2" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$1-" "$3" $seeds >"$out/$4.log" 2>&1 </dev/null
}

case "${1:-}" in
--smoke)
  shift
  seconds=${MINSIDE_FUZZ_SECONDS:-2}
  echo "1..$#"
  n=0
  failed=0
  for target in "$@"; do
    n=$((n + 1))
    scratch=$(mktemp -d)
    if run_target "$target" "$seconds" "$scratch" "smoke-$target"; then
      echo "ok $n - $target $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/smoke-$target.log" | grep -o '[0-9]*$') kjøringer"
    else
      echo "not ok $n - $target"
      sed 's/^/# /' "$out/smoke-$target.log" | tail -40
      failed=1
    fi
    rm -rf "$scratch"
  done
  exit $failed
  ;;
all)
  seconds=${2:-600}
  failed=0
  for target in $(ls "$out/tests/fuzz" | grep '^fuzz_[a-z_]*$'); do
    echo "== $target ($seconds s)"
    run_target "$target" "$seconds" "$out/corpus/$target" "$target" || { tail -40 "$out/$target.log"; failed=1; }
    tail -12 "$out/$target.log"
  done
  exit $failed
  ;;
fuzz_*)
  echo "== $1 (${2:-600} s)"
  run_target "$1" "${2:-600}" "$out/corpus/$1" "$1" || { tail -40 "$out/$1.log"; exit 1; }
  tail -12 "$out/$1.log"
  ;;
*)
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
  ;;
esac
