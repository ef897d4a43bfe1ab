#!/usr/bin/env bash
# The window's last push when it closes, by real X events (xdotool): the office's window
# online on a shared report; text typed at the end of section 1.1 and Ctrl+Q pressed at
# once, before the typing's pause has committed it. The window commits the typing, pushes
# it and ends: zhang's store, syncing, has the text without the office's program being
# started again (before, it waited in the office's store for the next start).
# Text typed, then 文件 > 打开报告 (Ctrl+Shift+O) to another report: the text reaches zhang
# (before, it waited until the first report was opened again).
# Then the server is stopped while the window is open, text typed and Ctrl+Q pressed: the
# window still ends, and the text is in the office's store, counted unsynced (`list`), to
# go out at the next sync. Screenshot: typed.png. Fails (never skips) when Xvfb is missing.
# usage: gui_close_push.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_close_push
source "$(dirname "$0")/gui_lib.sh"
start_xvfb 1440x900

a="$out/store-office" b="$out/store-zhang"
password=gui-close-pass-1
shared_report "$password" "office zhang" "$a" "$b:zhang"

# script N TEXT: online, section 1.1 selected with the caret at its end, typing grouped for
# a minute (only the close commits it); once told (file typed-N), checks that the editor
# holds TEXT (typed with real keys, not yet committed), then waits for a file that never
# comes: Ctrl+Q closes the window first.
script() {
  cat >"$out/script-$1.txt" <<SCRIPT
wait-online
select 1.1
caret end
group-ms 60000
print ready
wait-file $out/typed-$1
expect-text $2
print typed-$1
wait-file $out/never
quit
SCRIPT
}

# type_text N TEXT [SCREENSHOT]: types TEXT at the end of the section's text with real
# keys (ASCII: xdotool's remapped keys for CJK text lose characters on a loaded machine),
# and waits until the window's editor holds it.
type_text() {
  waitline ready 60
  focus_main
  xdotool mousemove --window "$main" 600 150 click 1
  sleep 0.3
  xdotool key ctrl+End
  xdotool type --delay 30 "$2"
  [ -n "${3:-}" ] && import -window root "$out/$3"
  touch "$out/typed-$1"
  waitline "typed-$1" 20
}
# type_and_quit N TEXT [SCREENSHOT]: types TEXT and presses Ctrl+Q at once; waits for the
# program to end.
type_and_quit() {
  type_text "$@"
  xdotool key ctrl+q
  wait_gui
}
# zhang_has TEXT: zhang's store, synced, holds TEXT in the sample's section 1.1.
zhang_has() {
  "$cli" --store "$b" sync "$id" >/dev/null
  "$cli" --store "$b" show "$id" --section 1.1 | grep -q "$1"
}

script 1 ClosePushLastWords
start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script-1.txt"
type_and_quit 1 ClosePushLastWords typed.png
"$cli" --store "$a" show "$id" --section 1.1 | grep -q "ClosePushLastWords" ||
  fail "the typing was not saved in the office's store when the window closed"
zhang_has "ClosePushLastWords" ||
  fail "the typing committed on close did not reach the server (zhang's store lacks it)"
unsynced() {  # the office store's count of changes not yet on the server
  "$cli" --store "$a" list --json | python3 -c '
import json, sys
print(next(r["unsynced"] for r in json.load(sys.stdin) if r["id"] == sys.argv[1]))' "$id"
}
[ "$(unsynced)" = 0 ] || fail "after the last push the office's store still counts $(unsynced) unsynced"

# Another report opened (文件 > 打开报告, the list's first: the newer year) right after typing.
id2=$("$cli" --store "$a" new --template minimal --year 2025 --dept 测试局)
"$cli" --store "$a" share "$id2" >/dev/null
script 2 SwitchPushBeforeOpening
start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script-2.txt"
type_text 2 SwitchPushBeforeOpening
xdotool key ctrl+shift+o
sleep 1
import -window root "$out/open-report.png"
xdotool key Home Return
for _ in $(seq 50); do zhang_has "SwitchPushBeforeOpening" && break; sleep 0.2; done
zhang_has "SwitchPushBeforeOpening" ||
  fail "the typing committed when another report was opened did not reach the server"
focus_main
xdotool key ctrl+q
wait_gui
grep -q "last=$id2" "$a/gui.ini" || fail "打开报告 did not open the other report: $(cat "$a/gui.ini")"

# The server gone while the window is open: the close still ends, the text stays, unsynced.
script 3 OfflineServerGoneAtClose
start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script-3.txt"
waitline ready 60
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
type_and_quit 3 OfflineServerGoneAtClose
"$cli" --store "$a" show "$id" --section 1.1 | grep -q "OfflineServerGoneAtClose" ||
  fail "the typing was lost when the window closed with the server gone"
[ "$(unsynced)" -ge 1 ] || fail "the unsent typing is not counted unsynced: $(unsynced)"
[ "$(stat -c %s "$out/typed.png")" -gt 20000 ] || fail "screenshot typed.png missing or empty"
echo "gui_close_push: ok"
