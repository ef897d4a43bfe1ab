#!/usr/bin/env bash
# Issue 12 item 6 (long findings with a tooltip), item 4 (导入 of a .docx through its dialog)
# and the tables' tooltips across a rebuild of the grids, by real X events (xdotool):
# 1. The mouse moved onto the longest finding of the findings list: the tooltip under the
#    pointer holds that finding's message whole (the column shows it cut).
# 2. The mouse moved onto 部门整体支出绩效自评表's 年度资金总额 得分 ("9.6 → 9.13"): its
#    tooltip names the computed figure.
# 3. 导入 by keys (Ctrl+O, Ctrl+L, the path of a .docx the program's own
#    export wrote, Return): the new report opens, its tables rebuilt (its 项目支出绩效自评表
#    tab there, the figure shown); the store lists two reports. The mouse moved onto the
#    same cell of the rebuilt grid: its tooltip is there again.
# 4. The written → computed pairs of 年度资金总额 and 总分 ("100 → 99.6") are drawn whole in
#    their cells (before, the row was one line high and the pair was cut off at the column's
#    edge): the script's expect-cell-fits, and total-score.png.
# Screenshots: tip-finding.png, tip-cell.png, import-docx-dialog.png, tip-rebuilt.png.
# Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_tooltips.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_tooltips
source "$(dirname "$0")/gui_lib.sh"

import_sample
"$cli" --store "$store" export "$id" --format docx --out "$out/sample.docx" >/dev/null
cat >"$out/script.txt" <<SCRIPT
wait-checks
print-findings
print ready
wait-file $out/hover-finding
print-tip
wait 1000
screenshot $out/tip-finding.png
print tipped-1
print-cell dept-eval money-total score
wait-file $out/hover-cell
print-tip
wait 1000
screenshot $out/tip-cell.png
print tipped-2
wait-file $out/imported
expect-report-not $id
expect-tab project-eval-1 yes
wait-checks
expect-cell-text dept-eval money-total score 9.6 → 9.13
print-report
print-cell dept-eval money-total score
wait-file $out/hover-again
print-tip
wait 1000
screenshot $out/tip-rebuilt.png
print tipped-3
expect-cell-fits dept-eval money-total score
expect-cell-fits dept-eval total score
wait 300
screenshot $out/total-score.png
quit
SCRIPT
gui_begin 1440x900 ready

# tip N: the Nth tooltip the script printed.
tip() { grep '^tip ' "$out/gui.out" | sed -n "$1p" | cut -d' ' -f2-; }
# hover X Y: the mouse moved there in two steps (a motion event inside the window).
hover() {
  xdotool mousemove "$(($1 - 3))" "$2"
  sleep 0.2
  xdotool mousemove "$1" "$2"
}

# 1. The longest finding: "finding N X Y<TAB>KIND<TAB>PLACE<TAB>TEXT".
longest=$(grep '^finding ' "$out/gui.out" | awk -F'\t' '{ print length($4) "\t" $0 }' |
  sort -n -r | head -1 | cut -f2-)
[ -n "$longest" ] || fail "the findings list is empty"
message=$(cut -f4 <<<"$longest")
read -r _ _ x y <<<"$(cut -f1 <<<"$longest")"
hover "$x" "$y"
touch "$out/hover-finding"
waitline tipped-1 30
[ "$(tip 1)" = "$message" ] || fail "the finding's tooltip is \"$(tip 1)\", not \"$message\""

# 2. A computed cell's tooltip.
waitline cell 20
read -r _ x y < <(grep '^cell ' "$out/gui.out" | sed -n 1p)
hover "$x" "$y"
touch "$out/hover-cell"
waitline tipped-2 30
[[ "$(tip 2)" == *"计算值：9.13"* ]] || fail "the cell's tooltip is \"$(tip 2)\""

# 3. 导入 of the .docx through the dialog; the grids are rebuilt. GTK's tooltip popup is a
# window of the program too (wait_dialog would take it for the dialog): the mouse moves onto
# the section's heading first, where there is no tooltip, until only the main window shows.
read -r hx hy < <(xdotool getwindowgeometry "$main" | sed -n 's/.*Position: \([0-9]*\),\([0-9]*\).*/\1 \2/p')
xdotool mousemove "$((hx + 600))" "$((hy + 45))"
for _ in $(seq 50); do [ "$(windows | wc -l)" -eq 1 ] && break; sleep 0.1; done
import_with_dialog "$out/sample.docx" "$out/import-docx-dialog.png"
touch "$out/imported"
waitline report 90
new=$(sed -n 's/^report //p' "$out/gui.out")
[ -n "$new" ] && [ "$new" != "$id" ] || fail "the .docx did not open as a new report: $new"
[ "$("$cli" --store "$store" list | grep -c .)" -eq 2 ] ||
  fail "not two reports: $("$cli" --store "$store" list)"
for _ in $(seq 100); do [ "$(grep -c '^cell ' "$out/gui.out")" -ge 2 ] && break; sleep 0.1; done
read -r _ x y < <(grep '^cell ' "$out/gui.out" | sed -n 2p)
hover "$x" "$y"
touch "$out/hover-again"
waitline tipped-3 30
[[ "$(tip 3)" == *"计算值：9.13"* ]] || fail "the rebuilt cell's tooltip is \"$(tip 3)\""
wait_gui
echo "gui_tooltips: ok"
