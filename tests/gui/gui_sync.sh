#!/usr/bin/env bash
# The desktop program syncing through the real server under Xvfb: reportsync-server on a
# free loopback port, two users set up with reportsync-cli (office imports, shares and
# assigns section 3 to zhang; zhang joins), the window open on office's store.
# Checks: the status bar says 在线; text typed in the window reaches zhang's store; zhang's
# edit appears in the open editor within 3 s with the caret kept; zhang's section is
# still writable for the office, with his name in the heading (issue 12: the office edits
# assigned sections); an edit from office's second device arriving while typing is
# still buffered keeps both texts and the caret; typing then Ctrl+S (real keys): the status
# bar says 已保存并已与服务器同步 and zhang's store has the text; the status bar says 离线 once the server
# is gone; the 历史 panel names zhang and office as the server verified them. Saves a
# screenshot. Fails (never skips) when Xvfb is missing.
# usage: gui_sync.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_sync
source "$(dirname "$0")/gui_lib.sh"
command -v import >/dev/null || fail "import (imagemagick) is not installed"
start_xvfb 1440x900

a="$out/store-office" b="$out/store-zhang" c="$out/store-office-laptop"
password=gui-sync-pass-1
shared_report "$password" "office zhang" "$a" "$b:zhang:3" "$c:office"

length() {  # length SECTION: code points in the section's text
  "$cli" --store "$a" show "$id" --section "$1" --json | python3 -c '
import json,sys
d=json.load(sys.stdin)
def find(ss):
    for s in ss:
        if s.get("number")==sys.argv[1]: return s
        r=find(s.get("children",[]))
        if r: return r
print(len(find(d["sections"])["text"]))' "$1"
}
len3=$(length 3) len12=$(length 1.2)
other="另一台设备："  # 6 code points
typed="缓冲中的输入"  # 6
remote="张三远程修改："   # 7 code points

cat >"$out/script.txt" <<SCRIPT
wait-online
expect-status 在线
select 1.1
caret end
type 办公室在线写的
wait-synced
print typed-synced
select 3
expect-readonly no
expect-header zhang
caret end
wait-file $out/remote-pushed
expect-text $remote
print-elapsed remote_visible_ms
expect-history-author zhang
expect-history-author office
expect-caret $((len3 + 7))
select 1.2
caret end
group-ms 60000
type $typed
print typing-buffered
wait-file $out/other-pushed
expect-text $other
print-elapsed remote_while_typing_ms
expect-text $typed
expect-caret $((len12 + 6 + 6))
group-ms 400
wait-synced
table dept-eval
wait-checks
expect-status 在线
wait 300
screenshot $out/read-only-section.png
select 2.1
finding 0
wait 300
expect-status 在线
screenshot $out/main-window.png
print screenshot
wait-file $out/ctrl-s
expect-message 已保存并已与服务器同步
print ctrl-s-answered
wait-file $out/server-stopped
expect-status 离线
print offline-shown
quit
SCRIPT

start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script.txt"

# Typed in the window, synced by the window, pulled by zhang.
waitline typed-synced 60
"$cli" --store "$b" sync "$id" >/dev/null
"$cli" --store "$b" show "$id" --section 1.1 | grep -q "办公室在线写的" ||
  fail "text typed in the window did not reach the second store"

# Zhang's edit, through the server, into the open editor.
# The clock starts as zhang's sync starts (the window sees the file within 20 ms).
"$cli" --store "$b" edit "$id" 3 --insert 0 "$remote"
touch "$out/remote-pushed"
"$cli" --store "$b" sync "$id" >/dev/null

# Office's other device edits the section the window is typing in, before the typing
# is committed.
waitline typing-buffered 30
"$cli" --store "$c" edit "$id" 1.2 --insert 0 "$other"
touch "$out/other-pushed"
"$cli" --store "$c" sync "$id" >/dev/null

waitline screenshot 60
"$cli" --store "$c" sync "$id" >/dev/null  # the window's typing, committed across the merge
c12=$("$cli" --store "$c" show "$id" --section 1.2 | tail -n +2)

# Ctrl+S (real keys) after typing: the status bar says the server has it, and it has.
focus_main
xdotool mousemove --window "$main" 600 150 click 1
sleep 0.3
xdotool type --delay 30 "QZS"
xdotool key ctrl+s
touch "$out/ctrl-s"
waitline ctrl-s-answered 20
import -window root "$out/ctrl-s.png"
"$cli" --store "$b" sync "$id" >/dev/null
"$cli" --store "$b" show "$id" --json | grep -q QZS || fail "Ctrl+S said synced, but zhang's store has no QZS"
kill $server_pid
wait $server_pid 2>/dev/null || true
touch "$out/server-stopped"

wait_gui
cat "$out/gui.out"
ms=$(awk '/^remote_visible_ms/ {print $2}' "$out/gui.out")
[ -n "$ms" ] && [ "$ms" -le 3000 ] || fail "remote edit took ${ms:-?} ms to appear"
"$cli" --store "$a" show "$id" --section 3 | grep -q "$remote" || fail "merged text not stored"
s12=$("$cli" --store "$a" show "$id" --section 1.2 | tail -n +2)  # the text, after its heading
[[ "$s12" == "$other"*"$typed" ]] || fail "section 1.2 after typing across a merge: $s12"
[ "$c12" == "$s12" ] || fail "the other device differs: $c12"
for png in main-window read-only-section; do
  [ "$(stat -c %s "$out/$png.png")" -gt 20000 ] || fail "screenshot $png missing or empty"
done
# Connecting from the window: a store with a local report and no login. A wrong password
# gives a notice (no message box); the right one logs in and shares the report.
d="$out/store-zhang-desktop"
id2=$("$cli" --store "$d" import "$sample")
start_server "$data" server2
url2=$url
cat >"$out/connect.txt" <<SCRIPT
expect-status 未连接服务器
connect $url2 zhang wrong-password
expect-notice 无法连接服务器
wait 300
screenshot $out/connect-failed.png
connect $url2 zhang $password
wait-online
expect-status 在线
select 1.1
caret 0
type 桌面端：
wait-synced
quit
SCRIPT
run_gui connect "connecting from the window" --store "$d" --report "$id2" --size 1440x900 --test-script "$out/connect.txt"
"$cli" --store "$b" login "$url2" zhang --password-stdin <<<"$password" >/dev/null  # a new port
"$cli" --store "$b" join "$id2" >/dev/null
"$cli" --store "$b" show "$id2" --section 1.1 | grep -q "桌面端：" || fail "the shared report lacks the window's typing"

echo "gui_sync: ok (remote edit visible after $ms ms, screenshot $out/main-window.png)"
