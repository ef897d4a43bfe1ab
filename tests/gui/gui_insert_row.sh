#!/usr/bin/env bash
# Issue 12 item 5, 插入行 by real X events (xdotool) on the sample's 一般公共预算支出明细表
# (where 工资福利支出's 金额 is written "337.190", computed 337.19: the grid shows one
# figure, "337.190", not "337.190 → 337.19", as 商品和服务支出 shows "39.13 → 39.12"):
# a right-click on wages-2's 金额 cell, I (插入行), Escape in the name dialog: no row is
# added; again, the name "Test row 新" typed, Return: `reportsync-cli table` lists a new
# row of group wages right under wages-2 (not at the end of the group) named so.
# Then 删除行 on wages-2 (right-click, D) and Ctrl+Z: the row is back with its figures and
# the row added stays (before, Ctrl+Z passed over the deletion and took back the 插入行).
# Screenshots: menu.png, dialog.png, after.png. Fails (never skips) when Xvfb or xdotool
# is missing.
# usage: gui_insert_row.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_insert_row
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1440x900

import_sample
"$cli" --store "$store" set-cell "$id" expenditure wages amount 337.190
cat >"$out/script.txt" <<SCRIPT
wait-checks
table expenditure
expect-cell-text expenditure wages amount 337.190
expect-cell-text expenditure goods amount 39.13 → 39.12
wait 300
print-cell expenditure wages-2 amount
wait-file $out/done
wait-checks
screenshot $out/after.png
quit
SCRIPT
start_gui --store "$store" --report "$id" --size 1440x900 --test-script "$out/script.txt"
waitline cell 60
read -r _ x y < <(grep '^cell ' "$out/gui.out")
focus_main
# rows: "KEY<TAB>LABEL" of the table's rows, in order.
rows() { "$cli" --store "$store" table "$id" expenditure | cut -f1,2; }
before=$(rows)

# insert_row: right-click on wages-2's figure, I in its menu; sets `dialog`.
insert_row() {
  xdotool windowfocus --sync "$main"
  xdotool mousemove "$x" "$y" click 3
  sleep 0.5
  xdotool key i
  wait_dialog "$main" "插入行 in the cell's menu opened no dialog asking for the row's name"
}
insert_row
xdotool key Escape
wait_closed "$dialog" "Escape did not close the 插入行 dialog"
sleep 0.5
[ "$(rows)" = "$before" ] || fail "a cancelled 插入行 changed the table: $(rows | head -12)"

insert_row
LC_ALL=C.UTF-8 xdotool type --delay 30 "Test row 新"  # UTF-8 for the 新
import -window root "$out/dialog.png"
xdotool key Return
wait_closed "$dialog" "Return did not close the 插入行 dialog"
until_has "Test row 新" "插入行 added no row named as typed" rows
after=$(rows | grep -A1 -P '^wages-2\t' | tail -1)
[[ "$after" == wages-*$'\t'"Test row 新" ]] || fail "the new row is not right under wages-2: $(rows | head -12)"
key=${after%%$'\t'*}
json=$("$cli" --store "$store" table "$id" expenditure --json)
grep -qF "{\"key\":\"$key\",\"group\":\"wages\"" <<<"$json" || fail "the new row $key is not in the group wages"

table() { "$cli" --store "$store" table "$id" expenditure; }
whole=$(table)
xdotool windowfocus --sync "$main"
xdotool mousemove "$x" "$y" click 3
sleep 0.5
xdotool key d
for _ in $(seq 50); do rows | grep -qP '^wages-2\t' || break; sleep 0.1; done
rows | grep -qP '^wages-2\t' && fail "删除行 in the cell's menu left wages-2: $(rows | head -12)"
xdotool windowfocus --sync "$main"
xdotool key ctrl+z
for _ in $(seq 50); do [ "$(table)" = "$whole" ] && break; sleep 0.1; done
[ "$(table)" = "$whole" ] || fail "Ctrl+Z after 删除行 did not bring wages-2 back as it was: $(rows | head -12)"
touch "$out/done"
wait_gui
echo "gui_insert_row: ok"
