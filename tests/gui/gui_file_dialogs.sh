#!/usr/bin/env bash
# Issue 12 item 8, the file dialogs by real X events (xdotool) in GTK's own dialogs:
# - 文件 > 导出 > Word (Alt+F, E, W): the save dialog suggests the report's title with its
#   year ("2024年度洪江市工业和信息化局整体支出绩效自评报告.docx"); Return writes it into the
#   program's working folder (a DOCX: it starts with PK) and the status bar says where;
# - 文件 > 生成数据包 (Alt+F, M): a path typed over the suggested name, Return: the bundle is
#   written and another store can merge it (`reportsync-cli unbundle` lists the report);
# - 文件 > 导入 (Ctrl+O): Ctrl+L, the sample's path typed, Return: the store holds a second
#   report.
# Screenshots: export-dialog.png, import-dialog.png. Fails (never skips) when Xvfb or
# xdotool is missing.
# usage: gui_file_dialogs.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
sample=$(cd "$(dirname "$sample")" && pwd)/$(basename "$sample")
name=gui_file_dialogs
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1440x900

import_sample
mkdir -p "$out/work"
cat >"$out/script.txt" <<SCRIPT
wait-checks
print ready
wait-file $out/exported
expect-message $out/work/
print export-confirmed
wait-file $out/done
quit
SCRIPT
cd "$out/work"  # the folder the save dialog starts in
start_gui --store "$store" --report "$id" --size 1440x900 --test-script "$out/script.txt"
cd "$out"
waitline ready 60
focus_main

menu alt+f e w
wait_dialog "$main" "Alt+F, E, W did not open the export dialog"
sleep 1
import -window root "$out/export-dialog.png"
xdotool key Return
wait_closed "$dialog" "Return did not close the export dialog"
docx="$out/work/2024年度洪江市工业和信息化局整体支出绩效自评报告.docx"
until_file "$docx" "the export did not write the suggested name in the working folder"
[ "$(head -c 2 "$docx")" = "PK" ] || fail "the exported file is not a DOCX"
touch "$out/exported"
waitline export-confirmed 20

menu alt+f m
wait_dialog "$main" "Alt+F, M did not open the bundle dialog"
xdotool key ctrl+a
xdotool type --delay 20 "$out/mine.bundle"
sleep 0.5
xdotool key Return
wait_closed "$dialog" "Return did not close the bundle dialog"
until_file "$out/mine.bundle" "生成数据包 wrote no bundle"
"$cli" --store "$out/other" unbundle "$out/mine.bundle" >/dev/null || fail "the bundle does not merge"
"$cli" --store "$out/other" list | grep -q "^$id" || fail "the bundle's report is not in the other store"

import_with_dialog "$sample" "$out/import-dialog.png"
reports() { "$cli" --store "$store" list 2>/dev/null | wc -l; }
for _ in $(seq 100); do [ "$(reports)" -ge 2 ] && break; sleep 0.2; done
touch "$out/done"
wait_gui
[ "$("$cli" --store "$store" list | wc -l)" -eq 2 ] || fail "not two reports: $("$cli" --store "$store" list)"
echo "gui_file_dialogs: ok"
