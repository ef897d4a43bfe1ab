#!/usr/bin/env bash
# Issue 12 item 5, the office's work by real X events (xdotool), checked with
# reportsync-cli on the same store:
# - 报告 > 报告属性 (Alt+R, P): the title field selected, a new title typed, Tab to the
#   department, Tab to the year, "2023" typed over it, Return: `show --json` has the new
#   title and year; a year that is not one ("20x3") changes nothing and says so;
# - 报告 > 分配章节 (Alt+R, A) on section 3: the dialog names the section; "zhang" typed,
#   Return: the section's assignee is zhang; the office then clicks into section 3 and types:
#   the text is stored and takes effect (the report is shared through reportsync-server, so
#   the office's rights are recorded and an assignment could lock it out).
# Screenshots: properties.png, assign.png. Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_office.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_office
source "$(dirname "$0")/gui_lib.sh"
store="$out/store-office"
shared_report gui-office-pass-1 "office zhang" "$store" "$out/store-zhang:zhang"
cat >"$out/script.txt" <<SCRIPT
select 3
wait-checks
print ready
wait-file $out/bad-year
expect-notice 年度
print refused
wait-file $out/done
expect-header zhang
quit
SCRIPT
gui_begin 1440x900 ready

json() { "$cli" --store "$store" show "$id" --section 3 --json; }
# properties YEAR: 报告属性 with the title "Office Title" and YEAR typed, Return.
properties() {
  xdotool key alt+r
  sleep 0.4
  xdotool key p
  sleep 1
  xdotool key ctrl+a
  xdotool type --delay 20 "Office Title"
  xdotool key Tab Tab ctrl+a
  xdotool type --delay 20 "$1"
  sleep 0.3
}
properties "20x3"
xdotool key Return
touch "$out/bad-year"
waitline refused 20
json | grep -q '"Office Title"' && fail "a bad year still changed the title"
properties "2023"
import -window root "$out/properties.png"
xdotool key Return
until_has '"title":["Office Title"]' "报告属性 did not change the title" json
until_has '"year":["2023"]' "报告属性 did not change the year" json

xdotool key alt+r
sleep 0.4
xdotool key a
sleep 1
xdotool type --delay 20 "zhang"
import -window root "$out/assign.png"
xdotool key Return
until_has '"assignee":["zhang"]' "分配章节 did not assign section 3" json
# The office still writes the assigned section (the text pane starts right of the outline).
xdotool mousemove --window "$main" 700 150 click 1
sleep 0.3
xdotool type --delay 50 "office-still-edits"
until_has "office-still-edits" "the office's typing in the assigned section 3 was not stored" \
  "$cli" --store "$store" show "$id" --section 3
refused=$("$cli" --store "$store" refused "$id")
[ "$refused" = "no changes that did not take effect" ] || fail "the office's typing did not take effect: $refused"
touch "$out/done"
wait_gui
echo "gui_office: ok"
