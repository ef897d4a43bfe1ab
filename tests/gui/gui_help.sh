#!/usr/bin/env bash
# Issue 12 item 8, 帮助 > 使用说明 by real keys: Alt+H, U opens the user guide (the
# help/guide.html built beside the program) in a window of its own; it explains the panes,
# syncing, submitting and review marks (the test script reads its text); Escape closes it.
# F1 opens it again. Screenshot: guide.png. Fails (never skips) when Xvfb or xdotool is
# missing.
# usage: gui_help.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_help
source "$(dirname "$0")/gui_lib.sh"
cat >"$out/script.txt" <<SCRIPT
wait-checks
print ready
wait-file $out/opened
expect-guide 窗口的各部分
expect-guide 同步
expect-guide 提交
expect-guide 处理审阅标记
print guide-read
wait-file $out/done
quit
SCRIPT
gui_begin 1440x900 ready
xdotool key --clearmodifiers alt+h
sleep 0.5
xdotool key u
wait_dialog "$main" "Alt+H, U did not open the user guide"
sleep 0.5
import -window root "$out/guide.png"
touch "$out/opened"
waitline guide-read 30
xdotool key Escape
wait_closed "$dialog" "Escape did not close the user guide"
xdotool windowfocus --sync "$main"
xdotool key F1
wait_dialog "$main" "F1 did not open the user guide"
touch "$out/done"
wait_gui
echo "gui_help: ok"
