#!/usr/bin/env bash
# Issue 12: keyboard habits in the section text, driven by real X events (xdotool), not by
# the functions behind them (Ctrl+Z was broken while tests calling undo() passed). Under
# Xvfb, the window on a store with the sample: a click in the section text, typing, then
# Ctrl+Z while the typing is still buffered, Ctrl+Z again, Ctrl+Y and Ctrl+Shift+Z; after
# each key the section's text is read with reportsync-cli from the same store. Ctrl+S
# answers that everything is saved (no server: it says so). The program is started with a
# relative --store. Last, a long paragraph with punctuation every few characters typed into
# section 七: none of its wrapped lines starts with closing punctuation (，。、), as typeset
# Chinese never does (line-breaks.png).
# Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_keys.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_keys
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1280x800

import_sample
cat >"$out/script.txt" <<SCRIPT
select 1
print ready
wait-file $out/saved
expect-message 已保存在本机
print save-answered
wait-file $out/done
select 7
caret end
type 甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、甲，乙。丙丁、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、子丑，寅卯辰。巳午未申、
wait-saved
expect-line-starts 8
screenshot $out/line-breaks.png
quit
SCRIPT
# Started with a relative --store, as packaging/run.sh does: the window's settings must
# still be kept (a relative path once lost them with "can't open user configuration file").
cd "$out"
start_gui --store store --report "$id" --size 1280x800 --test-script "$out/script.txt"
cd - >/dev/null
waitline ready 60

# The first line of section 一's text (the line after its heading), as stored.
first_line() { "$cli" --store "$store" show "$id" --section 1 | sed -n 2p; }
# expect_line TEXT WHAT: waits up to 3 s for the stored first line to be TEXT.
expect_line() {
  for _ in $(seq 30); do
    [ "$(first_line)" = "$1" ] && return 0
    sleep 0.1
  done
  fail "$2: the section's first line is \"$(first_line)\", not \"$1\""
}

heading_next=$(first_line)  # the section is empty: the next heading follows
focus_main
xdotool mousemove --window "$main" 600 150 click 1
sleep 0.3
xdotool type --delay 30 "abcdef"
expect_line "abcdef" "typing"
xdotool type --delay 30 "XYZ"
xdotool key ctrl+z  # the buffered typing is committed, then undone
sleep 1            # past the 400 ms after which typing left alone is committed
expect_line "abcdef" "Ctrl+Z while typing"
import -window root "$out/after-undo.png"
xdotool key ctrl+z
expect_line "$heading_next" "Ctrl+Z again"
xdotool key ctrl+y
expect_line "abcdef" "Ctrl+Y"
xdotool key ctrl+shift+z
expect_line "abcdefXYZ" "Ctrl+Shift+Z"
# The redo's own "已保存 HH:MM:SS" lands in the same status field: let it come first, so that
# it does not replace Ctrl+S's answer (under load it came after; CI failed once).
sleep 1
xdotool key ctrl+s
touch "$out/saved"
waitline save-answered 20
touch "$out/done"
wait_gui
[ -f "$store/gui.ini" ] || fail "the window's settings were not kept in the store"
grep -q "configuration file" "$out/gui.err" && fail "$(grep "configuration file" "$out/gui.err" | head -1)"
echo "gui_keys: ok"
