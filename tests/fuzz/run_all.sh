#!/usr/bin/env bash
# Builds the fuzz build (build-fuzz/: clang, libFuzzer, ASan, UBSan) and runs every fuzz
# target for SECONDS each, starting from its seeds (corpus/TARGET/) and replaying every
# input that once crashed it (corpus/regressions/TARGET/). Fails on any crash, sanitizer
# report, timeout or memory blow-up (limits in fuzz_lib.sh).
# Prints the executions each target reached.
#
# Usage: tests/fuzz/run_all.sh SECONDS [TARGET...]   (targets without the fuzz_ prefix)
# Environment: RS_FUZZ_JOBS (build parallelism, default nproc), RS_FUZZ_PARALLEL (targets run
# at once, default nproc), RS_FUZZ_WORK (where the grown corpora and crash files go, default
# build-fuzz/fuzz-work; kept between runs).
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
mkdir -p "$work"
# A target's replay and run; its outcome (executions, or FAILED) goes to $work/TARGET.result,
# its output to $work/TARGET.log only, so targets run side by side without mixing their logs.
one_target() {
  local t=$1 log=$work/$1.log
  if { fuzz_replay "$t" "$work/$t.regressions.log" ||
       { cat "$work/$t.regressions.log" >"$log"; false; }; } &&
     fuzz_run "$t" "$seconds" "$log"; then
    echo "$fuzz_executions" >"$work/$t.result"
  else
    echo FAILED >"$work/$t.result"
  fi
}

# nproc targets at a time (RS_FUZZ_PARALLEL to change it): each still gets SECONDS, and a
# 2-core CI machine spends half the wall time.
parallel=${RS_FUZZ_PARALLEL:-$(nproc)}
running=0
for t in "${targets[@]}"; do
  rm -f "$work/$t.result"
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz: $t for $seconds s"
  one_target "$t" &
  running=$((running + 1))
done
wait

failed=()
summary=()
for t in "${targets[@]}"; do
  result=$(cat "$work/$t.result" 2>/dev/null || echo FAILED)
  if [ "$result" != FAILED ]; then
    summary+=("$t: $result executions in $seconds s")
  else
    failed+=("$t")
    summary+=("$t: FAILED (log $work/$t.log, inputs in $work/crashes/$t)")
    echo "fuzz: $t failed:"
    fuzz_report "$work/$t.log"
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
echo "fuzz: total $(($(date +%s) - start)) s ($parallel targets at a time)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}; add each input to tests/fuzz/corpus/regressions/TARGET/" >&2
  exit 1
fi
