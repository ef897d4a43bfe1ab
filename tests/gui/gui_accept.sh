#!/usr/bin/env bash
# Issue 12 item 1: the office corrects figures in the window, by real X events (xdotool).
# Under Xvfb at 1280x800, the window on a store with the sample (whose 部门整体支出绩效自评表
# has two errors: 年度资金总额's 得分 9.6 where the rule gives 9.13, and 总分 100):
# - a click in the findings list, Home (the first finding, errors come first), Shift+F10
#   Down and Return (采用计算值): that error is gone from `reportsync-cli validate`;
# - a right-click on the remaining error, Down, Down and Return (全部采用计算值), Alt+Y in the
#   confirmation: `reportsync-cli validate` finds no error left (exit 0).
# Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_accept.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_accept
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1280x800

import_sample
"$cli" --store "$store" validate "$id" >"$out/before.txt" && fail "the sample validates without errors"
grep -q "^error.*dept-eval/money-total/score" "$out/before.txt" || fail "no 年度资金总额 error to fix"
cat >"$out/script.txt" <<SCRIPT
wait-checks
print ready
wait-file $out/one-done
wait-checks
print rechecked
wait-file $out/done
wait-checks
screenshot $out/after.png
quit
SCRIPT
start_gui --store "$store" --report "$id" --size 1280x800 --test-script "$out/script.txt"
waitline ready 60

focus_main
# The findings list (below the tables at this size), then its first row.
xdotool mousemove --window "$main" 700 700 click 1
sleep 0.3
xdotool key Home
sleep 0.2
xdotool key shift+F10
sleep 0.5
import -window root "$out/menu.png"
xdotool key Down Return  # a menu opened by keys has no item highlighted yet
for _ in $(seq 30); do
  "$cli" --store "$store" validate "$id" >"$out/one.txt" || true
  grep -q "dept-eval/money-total/score" "$out/one.txt" || break
  sleep 0.1
done
grep -q "dept-eval/money-total/score" "$out/one.txt" && fail "采用计算值 did not fix 年度资金总额's 得分"
touch "$out/one-done"
waitline rechecked 20
sleep 0.5

xdotool mousemove --window "$main" 700 630 click 3  # the first row
sleep 0.5
xdotool key Down Down Return
sleep 1
import -window root "$out/confirm.png"
xdotool key alt+y
ok=""
for _ in $(seq 30); do
  if "$cli" --store "$store" validate "$id" >"$out/all.txt"; then ok=1; break; fi
  sleep 0.1
done
[ -n "$ok" ] || fail "errors left after 全部采用计算值: $(grep '^error' "$out/all.txt" | head -3)"
touch "$out/done"
wait_gui
echo "gui_accept: ok"
