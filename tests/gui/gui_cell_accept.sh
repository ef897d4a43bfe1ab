#!/usr/bin/env bash
# Issue 12 item 1: 采用计算值 from a table cell's context menu, by real X events (xdotool).
# Under Xvfb at 1024x700 (a small laptop screen: the 得分 column must be reachable) on the sample (年度资金总额's 得分 written 9.6, computed 9.13): a
# right-click on that cell of 部门整体支出绩效自评表, Down and Return (the menu's first item,
# 采用计算值): `reportsync-cli validate` no longer finds that error and `show` has 9.13 there.
# Before that, a click on the cell and "9" typed: nothing is written, and the notice bar says
# why and names 采用计算值 (typing there did nothing without a word); once 采用计算值 is done,
# that notice goes and the status bar says the computed figure was written.
# Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_cell_accept.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_cell_accept
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1024x700

import_sample
"$cli" --store "$store" validate "$id" >"$out/before.txt" && fail "the sample validates without errors"
grep -q "^error.*dept-eval/money-total/score" "$out/before.txt" || fail "no 年度资金总额 error to fix"
cat >"$out/script.txt" <<SCRIPT
wait-checks
table dept-eval
wait 300
print-cell dept-eval money-total score
wait-file $out/typed
expect-notice 采用计算值
print-notice
wait 300
print-cell dept-eval money-total score
print typing-refused
wait-file $out/done
wait-checks
expect-no-notice
expect-message 已在 1 个单元格写入计算值
screenshot $out/after.png
quit
SCRIPT
start_gui --store "$store" --report "$id" --size 1024x700 --test-script "$out/script.txt"
waitline cell 60
read -r _ x y < <(grep '^cell ' "$out/gui.out")

xdotool mousemove "$x" "$y" click 1
sleep 0.3
xdotool type --delay 50 "9"
touch "$out/typed"
waitline typing-refused 20
import -window root "$out/typing-refused.png"
"$cli" --store "$store" table "$id" dept-eval | grep -P '^money-total\t' | grep -q 'score=9.6\b' ||
  fail "typing in the computed cell changed it: $("$cli" --store "$store" table "$id" dept-eval | grep money-total)"
read -r _ x y < <(grep '^cell ' "$out/gui.out" | tail -1)  # the notice bar moved the grid down
xdotool mousemove 5 5  # away, so that the cell's tooltip is not up when the menu opens
sleep 0.5

xdotool mousemove "$x" "$y" click 3
sleep 1
import -window root "$out/menu.png"
xdotool key Down Return  # a menu opened by keys has no item highlighted yet
for _ in $(seq 30); do
  "$cli" --store "$store" validate "$id" >"$out/after.txt" || true
  grep -q "dept-eval/money-total/score" "$out/after.txt" || break
  sleep 0.1
done
grep -q "dept-eval/money-total/score" "$out/after.txt" && fail "采用计算值 in the cell's menu did not fix 年度资金总额's 得分"
touch "$out/done"
wait_gui
echo "gui_cell_accept: ok"
