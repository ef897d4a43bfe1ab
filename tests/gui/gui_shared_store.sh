#!/usr/bin/env bash
# The desktop program and reportsync-cli on one profile at the same time (issue 9, case 3):
# the window types into section 1.1 while reportsync-cli makes edits in section 3 of the
# same store. Checks: every keystroke and every command's edit is stored, none lost or
# overwritten, and the command's edits appear in the open window. Fails (never skips)
# when Xvfb is missing.
# usage: gui_shared_store.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
name=gui_shared_store
source "$(dirname "$0")/gui_lib.sh"
start_xvfb 1440x900

import_sample
before=$("$cli" --store "$store" show "$id" --section 1.1 | tail -n +2)
rounds=25

{
  echo "select 1.1"
  echo "caret end"
  echo "group-ms 0"  # every keystroke its own change: the most chances to collide
  echo "print typing"
  for k in $(seq $rounds); do
    echo "type 字"
    echo "wait 40"
  done
  echo "wait-saved"
  echo "wait-file $out/cli-done"
  echo "select 3"
  echo "expect-text [cli-$rounds]"
  echo "print saw-cli"
  echo "quit"
} >"$out/script.txt"

start_gui --store "$store" --report "$id" --size 1440x900 --test-script "$out/script.txt"
for _ in $(seq 300); do grep -q '^typing' "$out/gui.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^typing' "$out/gui.out" || fail "the window did not start: $(grep -v Gtk- "$out/gui.err" | tail -5)"

for k in $(seq $rounds); do
  "$cli" --store "$store" edit "$id" 3 --insert 0 "[cli-$k]" || fail "reportsync-cli edit $k failed"
done
touch "$out/cli-done"
wait_gui
grep -q '^saw-cli' "$out/gui.out" || fail "the window never showed the command's edits"

s3=$("$cli" --store "$store" show "$id" --section 3)
for k in $(seq $rounds); do
  grep -qF "[cli-$k]" <<<"$s3" || fail "the command's edit $k is lost"
done
s11=$("$cli" --store "$store" show "$id" --section 1.1 | tail -n +2)
typed=$(python3 -c 'import sys; print(sys.argv[1].count("字") - sys.argv[2].count("字"))' "$s11" "$before")
[ "$typed" -eq "$rounds" ] || fail "$typed of $rounds keystrokes typed in the window are stored"
changes=$("$cli" --store "$store" history "$id" | wc -l)
[ "$changes" -eq $((1 + 2 * rounds)) ] || fail "$changes changes in the history, not $((1 + 2 * rounds))"
echo "gui_shared_store: ok ($rounds keystrokes and $rounds command edits, all stored)"
