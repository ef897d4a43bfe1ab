#!/usr/bin/env bash
# Builds the fuzz build (build-fuzz/: clang, libFuzzer, ASan, UBSan) and runs every fuzz
# target for SECONDS each, starting from its seeds (corpus/TARGET/) and replaying every
# input that once crashed it (corpus/regressions/TARGET/). Fails on any crash, sanitizer
# report, timeout (> 25 s for one input: importing the 40 KB sample text takes about 9 s
# under the sanitizers and coverage hooks) or memory blow-up (> 1 GB resident, or one
# allocation > 256 MB).
# Prints the executions each target reached.
#
# Usage: tests/fuzz/run_all.sh SECONDS [TARGET...]   (targets without the fuzz_ prefix)
# Environment: RS_FUZZ_JOBS (build parallelism, default nproc), RS_FUZZ_WORK (where the
# grown corpora and crash files go, default build-fuzz/fuzz-work; kept between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:?usage: run_all.sh SECONDS [TARGET...]}
shift
all=(change history snapshot bundle sync_messages template text_import docx_document docx_numbering
     docx_package web_forms)
targets=("$@")
[ $# -gt 0 ] || targets=("${all[@]}")

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
start=$(date +%s)
cmake -S . -B build-fuzz -G Ninja -DRS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "${RS_FUZZ_JOBS:-$(nproc)}" --target fuzz_all
echo "fuzz: build took $(($(date +%s) - start)) s"

work=${RS_FUZZ_WORK:-$root/build-fuzz/fuzz-work}
failed=()
summary=()
for t in "${targets[@]}"; do
  bin=$root/build-fuzz/tests/fuzz/fuzz_$t
  grown=$work/corpus/$t
  artifacts=$work/crashes/$t
  mkdir -p "$grown" "$artifacts" "tests/fuzz/corpus/regressions/$t"
  log=$work/$t.log
  echo "fuzz: $t for $seconds s"
  # Inputs that once crashed are replayed once each, not fuzzed from: some are huge on
  # purpose (300,000 ops), and mutating them took most of a short run (fuzz_change reached
  # 193 executions in 20 s). The first corpus directory receives new inputs; seeds are read.
  regressions=()
  for f in "tests/fuzz/corpus/regressions/$t"/*; do [ -f "$f" ] && regressions+=("$f"); done
  if { [ ${#regressions[@]} -eq 0 ] ||
       ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
       "$bin" -timeout=25 -rss_limit_mb=1024 -malloc_limit_mb=256 "${regressions[@]}" \
       >"$work/$t.regressions.log" 2>&1 || { cat "$work/$t.regressions.log" >"$log"; false; }; } &&
     ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
      "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=1024 -malloc_limit_mb=256 \
      -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$grown" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    summary+=("$t: $runs executions in $seconds s")
  else
    failed+=("$t")
    summary+=("$t: FAILED (log $log, inputs in $artifacts)")
    grep -E -A30 'ERROR: (AddressSanitizer|libFuzzer)|runtime error|SUMMARY' "$log" | head -60 || true
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
echo "fuzz: total $(($(date +%s) - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}; add each input to tests/fuzz/corpus/regressions/TARGET/" >&2
  exit 1
fi
