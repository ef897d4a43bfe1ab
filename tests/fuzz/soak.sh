#!/usr/bin/env bash
# The long fuzz run (issue 14), resumable and budgeted: sessions add up. Each target runs in
# chunks until it has RS_SOAK_GOAL executions in all; after every chunk its executions,
# seconds, chunks and crashes are added to the totals file (tests/fuzz/soak_totals.tsv,
# committed), so a session that is stopped loses at most the chunk it was in, and the next
# session, on this or another machine, goes on from the totals. Within a session the target
# furthest from the goal goes next; the session ends when BUDGET is spent (the build not
# counted; a chunk may run over by the time libFuzzer takes to load its corpus) or every
# target has reached the goal. Grown corpora stay in build-fuzz/fuzz-work/ (not committed).
# Stops and fails at the first crash, with its input in build-fuzz/fuzz-work/crashes/TARGET/;
# a timeout whose input runs in time when replayed alone (the chunk was stopped or starved:
# libFuzzer times wall time) is not one, its input moved to fuzz-work/unreproduced/TARGET/.
#
# Usage: tests/fuzz/soak.sh BUDGET [TARGET...]
#   BUDGET: 90s, 30m, 8h, or a bare number of hours (as before: soak.sh 48)
# Environment: RS_SOAK_GOAL (executions a target needs in all, default 10000000),
#   RS_SOAK_CHUNK (seconds one chunk runs at most, default 900), RS_SOAK_TOTALS (the totals
#   file), RS_FUZZ_JOBS and RS_FUZZ_WORK as for run_all.sh. Runs niced.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[ "$(nice)" -ge 10 ] || exec nice -n 10 bash "$root/tests/fuzz/soak.sh" "$@"
source tests/fuzz/fuzz_lib.sh
usage="usage: soak.sh BUDGET [TARGET...]   (BUDGET: 90s, 30m, 8h or hours)"
budget=$(python3 - "${1:?$usage}" <<'PY'
import re, sys
m = re.fullmatch(r"([0-9]*\.?[0-9]+)([smh]?)", sys.argv[1])
if not m:
    sys.exit(1)
print(int(float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "": 3600}[m.group(2)]))
PY
) || { echo "soak: $usage" >&2; exit 2; }
shift
targets=("$@")
[ $# -gt 0 ] || targets=("${fuzz_all_targets[@]}")
goal=${RS_SOAK_GOAL:-10000000}
chunk=${RS_SOAK_CHUNK:-900}
totals=${RS_SOAK_TOTALS:-$root/tests/fuzz/soak_totals.tsv}
work=${RS_FUZZ_WORK:-$root/build-fuzz/fuzz-work}
header=$'# target\texecutions\tseconds\tchunks\tcrashes\tlast_chunk_utc'

fuzz_build
mkdir -p "$work"
[ -s "$totals" ] || echo "$header" >"$totals"

# total TARGET COLUMN: the target's figure in the totals file (2 executions, 3 seconds,
# 4 chunks, 5 crashes); 0 for a target not listed yet.
total() { awk -F'\t' -v t="$1" -v c="$2" '$1 == t { v = $c } END { print v + 0 }' "$totals"; }

# add TARGET EXECUTIONS SECONDS CRASHES: one chunk added to the target's row (created when
# missing), the file replaced whole, under a lock so that two soaks do not lose a chunk.
add() {
  (
    flock 9
    awk -F'\t' -v OFS='\t' -v t="$1" -v e="$2" -v s="$3" -v k="$4" \
      -v now="$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
      $1 == t { $2 += e; $3 += s; $4 += 1; $5 += k; $6 = now; found = 1 }
      { print }
      END { if (!found) print t, e, s, 1, k, now }' "$totals" >"$totals.new"
    mv "$totals.new" "$totals"
  ) 9>"$work/soak.lock"
}

# next: the selected target furthest from the goal (list order among equals); "" when every
# one has reached it.
next() {
  local t best="" least=""
  for t in "${targets[@]}"; do
    local n
    n=$(total "$t" 2)
    [ "$n" -ge "$goal" ] && continue
    if [ -z "$least" ] || [ "$n" -lt "$least" ]; then
      best=$t least=$n
    fi
  done
  echo "$best"
}

# unreproduced TARGET LOG: true when the chunk whose output is LOG failed by libFuzzer's
# timeout and its input, run again alone, ends within the limit; the input is moved to
# $work/unreproduced/TARGET/. libFuzzer's alarm counts wall time, so a chunk stopped
# (SIGSTOP around a benchmark) or starved by other work "times out" on whatever input it
# was in: session 12 stopped two soaks for a ctest run and both counted a crash on inputs
# that run in 25 and 38 ms.
unreproduced() {
  grep -q 'ERROR: libFuzzer: timeout after' "$2" || return 1
  local input
  input=$(sed -n 's/.*Test unit written to \(.*timeout-[0-9a-f]*\)$/\1/p' "$2" | tail -1)
  [ -f "$input" ] || return 1
  ASAN_OPTIONS=$fuzz_replay_asan_options "$root/build-fuzz/tests/fuzz/fuzz_$1" -timeout=25 \
    -rss_limit_mb=1024 -malloc_limit_mb=256 "$input" >"$work/$1.timeout-replay.log" 2>&1 ||
    return 1
  mkdir -p "$work/unreproduced/$1"
  mv "$input" "$work/unreproduced/$1/"
}

log=$work/soak-$(date -u +%Y%m%d-%H%M%S).log
deadline=$(($(date +%s) + budget))
replayed=" "
echo "soak: budget $budget s, chunks of at most $chunk s, goal $goal executions a target" | tee -a "$log"
while :; do
  left=$((deadline - $(date +%s)))
  [ "$left" -ge 5 ] || break
  t=$(next)
  [ -n "$t" ] || { echo "soak: every target has reached $goal executions" | tee -a "$log"; break; }
  if [[ $replayed != *" $t "* ]]; then  # once a session: the same inputs give the same result
    if ! fuzz_replay "$t" "$work/$t.regressions.log"; then
      add "$t" 0 0 1
      fuzz_report "$work/$t.regressions.log"
      echo "soak: $t crashed on an input of tests/fuzz/corpus/regressions/$t/" | tee -a "$log" >&2
      exit 1
    fi
    replayed+="$t "
  fi
  seconds=$((left < chunk ? left : chunk))
  started=$(date +%s)
  status=0
  fuzz_run "$t" "$seconds" "$work/$t.soak.log" $((goal - $(total "$t" 2))) || status=$?
  if [ "$status" -ne 0 ] && unreproduced "$t" "$work/$t.soak.log"; then
    status=0
    echo "soak: $t timed out on an input that runs in time alone (the chunk was stopped or" \
      "starved): not counted as a crash; the input is in $work/unreproduced/$t/" | tee -a "$log"
  fi
  add "$t" "$fuzz_executions" $(($(date +%s) - started)) $((status != 0))
  echo "soak: $t +$fuzz_executions executions in $(($(date +%s) - started)) s;" \
    "$(total "$t" 2) of $goal in all" | tee -a "$log"
  if [ "$status" -ne 0 ]; then
    fuzz_report "$work/$t.soak.log"
    echo "soak: $t crashed; its input is in $work/crashes/$t/: add it to" \
      "tests/fuzz/corpus/regressions/$t/ with a unit test for its kind" | tee -a "$log" >&2
    exit 1
  fi
done
echo "soak: totals ($totals):" | tee -a "$log"
awk -F'\t' '{ printf "  %-16s %12s %9s %7s %8s  %s\n", $1, $2, $3, $4, $5, $6 }' "$totals" |
  tee -a "$log"
