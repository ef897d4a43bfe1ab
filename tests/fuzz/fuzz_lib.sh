# Shared by run_all.sh and soak.sh; source it at the repository's root after setting `root`
# (that root) and `work` (where grown corpora, crash inputs and logs go, kept between runs).
# Every run fails on a crash, sanitizer report, timeout (> 25 s for one input: importing the
# 40 KB sample text takes about 9 s under the sanitizers and coverage hooks) or memory blow-up
# (> 1 GB resident, or one allocation > 256 MB).

fuzz_all_targets=(change history snapshot bundle sync_messages template text_import docx_document
                  docx_numbering docx_package web_forms)

# fuzz_max_len TARGET: the -max_len a target's runs get, or nothing for libFuzzer's own (its
# largest seed). fuzz_change's real-0 is a whole imported report (38 KB): grown from it, the
# corpus held 37 KB inputs (the median), each decoded, applied and encoded again, and the
# target made about 400 executions a CPU second. An edit's change is 100-900 bytes (real-1,
# real-2, minimal-0: a new minimal report, every kind of op); a change of an import's size
# is still decoded whole by fuzz_bundle and fuzz_history (sample.bundle, history/real), and
# the regression inputs are replayed at any size.
# The same for the importers of a whole report, whose cost per execution is the input's
# size: template (the shipped templates are 40 KB; minimal.json, 3.7 KB, is a real small
# template), text_import (the sample's 15 KB and its 16 KB export; small.txt, 2 KB, is the
# sample's headings with the first words of each text and its first table's first rows)
# and docx_document (the sample's 214 KB document.xml; small.xml, 6 KB, is its first
# paragraphs and table rows, python-docx.xml 2.4 KB). The large seeds are then read only up
# to -max_len; the whole sample is still imported by fuzz_docx_package's and the CLI's tests,
# and the shipped templates are checked in full by the template tests.
fuzz_max_len() {
  case $1 in
    change | template | text_import) echo 4096 ;;
    docx_document) echo 8192 ;;
  esac
}

# The sanitizer options of fuzz_run (and tests/fuzz/rate.py): leaks are not findings (the
# targets keep static templates); allocator_may_return_null as the runs always had it.
# malloc_context_size=0: ASan records no call stack for each allocation and free (it took
# 8 % of fuzz_snapshot's time in perf, StackDepot and the unwinder; measured: snapshot 460 ->
# 556 executions a CPU second, history 1,070 -> 1,132). What ASan finds is the same (its
# checks are the shadow memory's); only a report's "allocated by" and "freed by" stacks are
# left out: running the target on the crash input prints them in full (as fuzz_replay does,
# with ASan's defaults, once the input is in tests/fuzz/corpus/regressions/TARGET/).
# libFuzzer's entropic schedule stays on (its default), although it takes 8-53 % of the
# slow targets' time (InputCorpus::UpdateFeatureFrequency): from the seeds, in equal CPU
# time (45 s each, tests/fuzz/rate.py), it reached more than without it, which counts more
# than executions (history ft 9,489 with, 7,001 without, cov 3,949 / 3,866; text_import ft
# 11,209 / 9,576, cov 2,598 / 2,402).
fuzz_asan_options=detect_leaks=0:allocator_may_return_null=1:malloc_context_size=0
fuzz_replay_asan_options=detect_leaks=0:allocator_may_return_null=1

# fuzz_build: configures and builds build-fuzz/ (clang, libFuzzer, ASan, UBSan) with
# RS_FUZZ_JOBS jobs (default nproc); prints how long it took.
fuzz_build() {
  local launcher=() start
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  start=$(date +%s)
  cmake -S . -B build-fuzz -G Ninja -DRS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang "${launcher[@]}" >/dev/null
  cmake --build build-fuzz -j "${RS_FUZZ_JOBS:-$(nproc)}" --target fuzz_all
  echo "fuzz: build took $(($(date +%s) - start)) s"
}

# fuzz_replay TARGET LOG: runs each input that once crashed TARGET
# (tests/fuzz/corpus/regressions/TARGET/) once, output in LOG; fails if any crashes again.
# They are replayed, not fuzzed from: some are huge on purpose (300,000 ops), and mutating
# them took most of a short run (fuzz_change reached 193 executions in 20 s).
fuzz_replay() {
  local regressions=() f
  mkdir -p "tests/fuzz/corpus/regressions/$1"
  for f in "tests/fuzz/corpus/regressions/$1"/*; do [ -f "$f" ] && regressions+=("$f"); done
  : >"$2"
  [ ${#regressions[@]} -eq 0 ] && return 0
  ASAN_OPTIONS=$fuzz_replay_asan_options \
    "$root/build-fuzz/tests/fuzz/fuzz_$1" -timeout=25 -rss_limit_mb=1024 -malloc_limit_mb=256 \
    "${regressions[@]}" >"$2" 2>&1
}

# fuzz_run TARGET SECONDS LOG [RUNS]: fuzzes TARGET for at most SECONDS (and at most RUNS
# executions when given) from its seeds (tests/fuzz/corpus/TARGET/, read only) and the corpus
# it grew before ($work/corpus/TARGET/, which receives new inputs); crash inputs go to
# $work/crashes/TARGET/, libFuzzer's output to LOG; -max_len from fuzz_max_len. Sets
# fuzz_executions to the executions libFuzzer reports (0 when it reported none). Fails on a
# crash. No -reload: one process grows the corpus, and re-reading it from disk every few
# seconds took a tenth of fuzz_template's time.
fuzz_run() {
  local limit=() status=0 max_len
  [ -z "${4:-}" ] || limit=(-runs="$4")
  max_len=$(fuzz_max_len "$1")
  [ -z "$max_len" ] || limit+=(-max_len="$max_len")
  mkdir -p "$work/corpus/$1" "$work/crashes/$1"
  ASAN_OPTIONS=$fuzz_asan_options \
    "$root/build-fuzz/tests/fuzz/fuzz_$1" -max_total_time="$2" "${limit[@]}" -timeout=25 \
    -rss_limit_mb=1024 -malloc_limit_mb=256 -print_final_stats=1 -reload=0 \
    -artifact_prefix="$work/crashes/$1/" "$work/corpus/$1" "tests/fuzz/corpus/$1" >"$3" 2>&1 ||
    status=$?
  fuzz_executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$3" | grep -o '[0-9]*$' |
    tail -1 || true)
  fuzz_executions=${fuzz_executions:-0}
  return $status
}

# fuzz_report LOG: the sanitizer's or libFuzzer's account of a failure in LOG.
fuzz_report() {
  grep -E -A30 'ERROR: (AddressSanitizer|libFuzzer)|runtime error|SUMMARY' "$1" | head -60 || true
}
