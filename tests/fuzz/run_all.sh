#!/usr/bin/env bash
# Builds the fuzz build (build-fuzz/: clang, libFuzzer, ASan, UBSan) and runs every fuzz
# target for SECONDS each, starting from its seeds (corpus/TARGET/) and replaying every
# input that once crashed it (corpus/regressions/TARGET/). Fails on any crash, sanitizer
# report, timeout or memory blow-up (limits in fuzz_lib.sh).
# Prints the executions each target reached.
#
# Usage: tests/fuzz/run_all.sh SECONDS [TARGET...]   (targets without the fuzz_ prefix)
# Environment: RS_FUZZ_JOBS (build parallelism, default nproc), RS_FUZZ_WORK (where the
# grown corpora and crash files go, default build-fuzz/fuzz-work; kept between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
source tests/fuzz/fuzz_lib.sh
seconds=${1:?usage: run_all.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ $# -gt 0 ] || targets=("${fuzz_all_targets[@]}")

start=$(date +%s)
fuzz_build

work=${RS_FUZZ_WORK:-$root/build-fuzz/fuzz-work}
failed=()
summary=()
for t in "${targets[@]}"; do
  log=$work/$t.log
  mkdir -p "$work"
  echo "fuzz: $t for $seconds s"
  if { fuzz_replay "$t" "$work/$t.regressions.log" ||
       { cat "$work/$t.regressions.log" >"$log"; false; }; } &&
     fuzz_run "$t" "$seconds" "$log"; then
    summary+=("$t: $fuzz_executions executions in $seconds s")
  else
    failed+=("$t")
    summary+=("$t: FAILED (log $log, inputs in $work/crashes/$t)")
    fuzz_report "$log"
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
echo "fuzz: total $(($(date +%s) - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}; add each input to tests/fuzz/corpus/regressions/TARGET/" >&2
  exit 1
fi
