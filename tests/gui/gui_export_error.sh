#!/usr/bin/env bash
# Issue 12 item 2 (feedback that stays), for an error that opened a modal wxLogError box: an
# export that cannot be written. The working folder holds a folder named as the export's
# temporary file (the suggested name + ".part"), so writing it fails (the tests run as root,
# who may write into any folder, so a read-only folder would not do). By real X events:
# 文件 > 导出 > Word (Alt+F, E, W), Return in the save dialog: the notice bar says 无法导出
# (before, a modal box blocked the window); a click on its 知道了 hides it; the folder removed,
# Alt+F, E, W and Return again write the DOCX and the status bar says where.
# Screenshot: export-error.png (the notice bar). Fails (never skips) when Xvfb or xdotool is
# missing.
# usage: gui_export_error.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
sample=$(cd "$(dirname "$sample")" && pwd)/$(basename "$sample")
name=gui_export_error
source "$(dirname "$0")/gui_lib.sh"

docx="$out/work/2024年度洪江市工业和信息化局整体支出绩效自评报告.docx"
mkdir -p "$docx.part"
cat >"$out/script.txt" <<SCRIPT
wait-checks
print ready
expect-notice 无法导出
screenshot $out/export-error.png
print-notice-button
expect-no-notice
print dismissed
expect-message $out/work/
print exported
wait-file $out/done
quit
SCRIPT
cd "$out/work"  # the folder the save dialog starts in
gui_begin 1440x900 ready
cd "$out"

# export_word: 文件 > 导出 > Word by keys, Return on the suggested name.
export_word() {
  menu alt+f e w
  wait_dialog "$main" "Alt+F, E, W did not open the export dialog"
  sleep 1
  xdotool key Return
  wait_closed "$dialog" "Return did not close the export dialog"
}

export_word
waitline button 30
[ "$(windows | wc -l)" -eq 1 ] || fail "a second window (a modal box?) is open: $(windows)"
read -r _ x y < <(grep '^button ' "$out/gui.out")
xdotool mousemove "$x" "$y" click 1
waitline dismissed 20
[ ! -e "$docx" ] || fail "the failed export left $docx"

rmdir "$docx.part"
export_word
until_file "$docx" "the second export did not write the suggested name"
[ "$(head -c 2 "$docx")" = "PK" ] || fail "the exported file is not a DOCX"
waitline exported 20
touch "$out/done"
wait_gui
echo "gui_export_error: ok"
