#!/usr/bin/env bash
# Issue 12 items 4 and 5: files given to the program and bundles merged from the menu, by
# real X events (xdotool), checked with reportsync-cli:
# - `reportsync FILE.bundle` on an empty store (as a file manager opens it): the window opens
#   the bundle's report, its 项目支出绩效自评表 tab there;
# - the office writes more into section 3 and makes a second bundle; 文件 > 合并数据包 (Alt+F,
#   B), GTK's dialog, Ctrl+L, the path typed, Return: the section shows the new text and the
#   store holds it (merge-dialog.png);
# - `reportsync FILE.txt` and `reportsync FILE.docx` on empty stores: each imports the file
#   and opens it, its 部门整体支出绩效自评表 tab there; the store lists the report.
# Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_open_files.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_open_files
source "$(dirname "$0")/gui_lib.sh"
gui_display 1440x900

import_sample
"$cli" --store "$store" bundle "$id" --out "$out/first.bundle" >/dev/null
"$cli" --store "$store" export "$id" --format docx --out "$out/sample.docx" >/dev/null
cp "$sample" "$out/sample.txt"
added="办公室后来补写的一句"

b="$out/store-b"
cat >"$out/script.txt" <<SCRIPT
wait-checks
expect-tab project-eval-1 yes
print-report
select 3
wait-file $out/merged
expect-text $added
print merged
quit
SCRIPT
start_gui --store "$b" --size 1440x900 --test-script "$out/script.txt" "$out/first.bundle"
waitline report 60
[ "$(sed -n 's/^report //p' "$out/gui.out")" = "$id" ] ||
  fail "the bundle's report was not opened: $(grep '^report' "$out/gui.out")"

"$cli" --store "$store" edit "$id" 3 --insert 0 "$added" >/dev/null
"$cli" --store "$store" bundle "$id" --out "$out/second.bundle" >/dev/null
focus_main
xdotool key --clearmodifiers alt+f
sleep 0.5
xdotool key b
wait_dialog "$main" "Alt+F, B did not open the merge dialog"
xdotool key ctrl+l
sleep 0.3
xdotool type --delay 20 "$out/second.bundle"
sleep 0.5
import -window root "$out/merge-dialog.png"
xdotool key Return
wait_closed "$dialog" "Return did not close the merge dialog"
touch "$out/merged"
waitline merged 30
wait_gui
"$cli" --store "$b" show "$id" --section 3 | grep -qF "$added" || fail "the merged text is not stored"

# opened FILE: the program given FILE on an empty store imports it and opens it.
opened() {
  local s="$out/store-${1##*.}"
  cat >"$out/script.txt" <<SCRIPT
wait-import
wait-checks
expect-tab dept-eval yes
print-report
quit
SCRIPT
  start_gui --store "$s" --size 1440x900 --test-script "$out/script.txt" "$1"
  wait_gui
  local shown
  shown=$(sed -n 's/^report //p' "$out/gui.out")
  [ -n "$shown" ] && [ "$shown" != "-" ] || fail "$1 was not opened: $(grep -v Gtk- "$out/gui.err" | tail -3)"
  "$cli" --store "$s" list | grep -q "^$shown" || fail "$1: the store does not list $shown"
}
opened "$out/sample.txt"
opened "$out/sample.docx"
echo "gui_open_files: ok"
