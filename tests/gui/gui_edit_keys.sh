#!/usr/bin/env bash
# Issue 12 item 3, by real X events (xdotool), checked with reportsync-cli on the same store:
# - Enter in a grid moves down a row: in 基础数据表, a click on 公车购置's 上年决算数, "1.5"
#   Return "0.5" Return writes 1.5 there and 0.5 in 公车运行维护 below it (the refresh
#   after each edit once sent the cursor back to the top); Delete on the 1.5 clears it, and
#   Ctrl+Z brings it back;
# - Ctrl+H finds across the report: with section 1.2 showing, a marker typed earlier in
#   section 3's text is found (Return in the find field) and replaced (Return in the
#   replace field) through the editor, so the stored text changes; Escape, then Ctrl+Z
#   undoes the replacement like typing; 全部替换 (Alt+A) of 2024 in many sections is
#   undone by one Ctrl+Z (the report's text is then exactly as before);
# - the 历史 panel lists one's own typing (once it showed only the import until a sync);
# - Ctrl+P writes the report's PDF (the print layout) to a temporary file ($TMPDIR).
# Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_edit_keys.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out/tmp"
out=$(cd "$out" && pwd)
name=gui_edit_keys
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1440x900

import_sample
marker=ZQXMARK
cat >"$out/script.txt" <<SCRIPT
select 3
caret end
type $marker
wait-saved
expect-history-lines 2
select 1.2
wait-checks
table basic-data
wait 300
print-cell basic-data car-purchase prev
wait-file $out/done
quit
SCRIPT
TMPDIR="$out/tmp" start_gui --store "$store" --report "$id" --size 1440x900 --test-script "$out/script.txt"
waitline cell 60
read -r _ x y < <(grep '^cell ' "$out/gui.out")
focus_main

rows() { "$cli" --store "$store" table "$id" basic-data; }
section3() { "$cli" --store "$store" show "$id" --section 3; }

xdotool mousemove "$x" "$y" click 1
sleep 0.3
xdotool type --delay 50 "1.5"
xdotool key Return
sleep 1  # the edit is stored and the grid rebuilt
xdotool type --delay 50 "0.5"
xdotool key Return
until_has $'car-running\t公车运行维护\tprev=0.5' "Enter moved down a row" rows
rows | grep -qF $'car-purchase\t公车购置\tprev=1.5' || fail "公车购置: $(rows | grep car-purchase)"

# Delete on 公车购置's 1.5 clears it (wxGrid's own Delete opened the editor without the first
# character, and Return saved 25 as 5); Ctrl+Z brings it back.
car_purchase() { rows | grep -P '^car-purchase\t'; }
xdotool mousemove "$x" "$y" click 1
sleep 0.3
xdotool key Delete
for _ in $(seq 50); do car_purchase | grep -q prev= || break; sleep 0.1; done
car_purchase | grep -q prev= && fail "Delete did not clear 公车购置's 上年决算数: $(car_purchase)"
xdotool key Return  # no editor was opened: Return moves down, writing nothing
sleep 0.5
car_purchase | grep -q prev= && fail "Return after Delete wrote 公车购置's 上年决算数: $(car_purchase)"
xdotool key ctrl+z
until_has $'car-purchase\t公车购置\tprev=1.5' "Ctrl+Z after Delete in a cell" rows

xdotool key ctrl+h
sleep 0.5
xdotool type --delay 30 "$marker"
xdotool key Return  # in the find field: the next match, in section 3, is selected
sleep 0.5
xdotool key Tab  # the replace field
xdotool type --delay 30 "WVU"
import -window root "$out/find.png"
xdotool key Return  # in the replace field: the selected match is replaced
until_has "WVU" "Ctrl+H replace" section3
section3 | grep -q "$marker" && fail "the marker is still in section 3 after the replacement"
xdotool key Escape ctrl+z
until_has "$marker" "Ctrl+Z after the replacement" section3

# 全部替换 (Alt+A in the find bar) across sections, then one Ctrl+Z undoes all of it.
whole() { "$cli" --store "$store" show "$id"; }
original=$(whole)
[ "$(grep -c 2024 <<<"$original")" -ge 3 ] || fail "the sample has too few 2024 to replace"
xdotool key ctrl+h
sleep 0.5
xdotool key ctrl+a
xdotool type --delay 30 "2024"
xdotool key Tab ctrl+a
xdotool type --delay 30 "QQJ"
xdotool key alt+a
until_has "QQJ" "全部替换 (Alt+A)" whole
replaced=$(whole)
[ "$(grep -c QQJ <<<"$replaced")" -ge 3 ] || fail "全部替换 replaced in too few places"
import -window root "$out/replace-all.png"
xdotool key Escape ctrl+z
for _ in $(seq 50); do [ "$(whole)" = "$original" ] && break; sleep 0.1; done
[ "$(whole)" = "$original" ] ||
  fail "one Ctrl+Z did not undo the whole 全部替换: $(diff <(echo "$original") <(whole) | head -5)"

xdotool key ctrl+p
pdf=""
for _ in $(seq 100); do
  pdf=$(ls "$out/tmp"/reportsync-print-*.pdf 2>/dev/null | head -1 || true)
  [ -n "$pdf" ] && break
  sleep 0.1
done
[ -n "$pdf" ] || fail "Ctrl+P wrote no PDF in \$TMPDIR"
[ "$(head -c 5 "$pdf")" = "%PDF-" ] || fail "$pdf is not a PDF"
import -window root "$out/printed.png"
touch "$out/done"
wait_gui
echo "gui_edit_keys: ok"
