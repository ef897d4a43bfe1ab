#!/usr/bin/env bash
# The window's last push when it closes, by real X events (xdotool): the office's window
# online on a shared report; text typed at the end of section 1.1 and Ctrl+Q pressed at
# once, before the typing's pause has committed it. The window commits the typing, pushes
# it and ends: zhang's store, syncing, has the text without the office's program being
# started again (before, it waited in the office's store for the next start).
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

# script WAITFILE: online, section 1.1 selected with the caret at its end, typing grouped
# for a minute (only the close commits it), then held until WAITFILE appears (never: the
# window is closed by Ctrl+Q before).
script() {
  cat >"$out/script-$1.txt" <<SCRIPT
wait-online
select 1.1
caret end
group-ms 60000
print ready
wait-file $out/$1
quit
SCRIPT
}

# type_and_quit TEXT: types TEXT into the section's text with real keys and presses Ctrl+Q
# at once; waits for the program to end.
type_and_quit() {
  waitline ready 60
  focus_main
  xdotool mousemove --window "$main" 600 150 click 1
  sleep 0.3
  xdotool key ctrl+End
  LC_ALL=C.UTF-8 xdotool type --delay 30 "$1"
  [ -n "${2:-}" ] && import -window root "$out/$2"
  xdotool key ctrl+q
  wait_gui
}

script never-1
start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script-never-1.txt"
type_and_quit "CLOSEPUSH关窗前最后一句" typed.png
"$cli" --store "$a" show "$id" --section 1.1 | grep -q "CLOSEPUSH关窗前最后一句" ||
  fail "the typing was not saved in the office's store when the window closed"
"$cli" --store "$b" sync "$id" >/dev/null
"$cli" --store "$b" show "$id" --section 1.1 | grep -q "CLOSEPUSH关窗前最后一句" ||
  fail "the typing committed on close did not reach the server (zhang's store lacks it)"
unsynced() {  # the office store's count of changes not yet on the server
  "$cli" --store "$a" list --json | python3 -c '
import json, sys
print(next(r["unsynced"] for r in json.load(sys.stdin) if r["id"] == sys.argv[1]))' "$id"
}
[ "$(unsynced)" = 0 ] || fail "after the last push the office's store still counts $(unsynced) unsynced"

# The server gone while the window is open: the close still ends, the text stays, unsynced.
script never-2
start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script-never-2.txt"
waitline ready 60
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
type_and_quit "OFFLINE关窗时服务器已停"
"$cli" --store "$a" show "$id" --section 1.1 | grep -q "OFFLINE关窗时服务器已停" ||
  fail "the typing was lost when the window closed with the server gone"
[ "$(unsynced)" -ge 1 ] || fail "the unsent typing is not counted unsynced: $(unsynced)"
[ "$(stat -c %s "$out/typed.png")" -gt 20000 ] || fail "screenshot typed.png missing or empty"
echo "gui_close_push: ok"
