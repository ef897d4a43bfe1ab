#!/usr/bin/env bash
# Issue 17 item 1 in the desktop program, driven by real X events (xdotool): 报告 > 提交财政局
# (Alt+R, U) on a report whose only findings are warnings opens a dialog asking for the
# office's reason for each warning. A reason too short leaves OK disabled (Return does not
# submit); reasons typed into every box and Return submit it. Checked afterwards: the
# submission exists (reportsync-cli submissions) and the bureau's page shows each warning's
# message with the reason typed under it, and no internal rule@location key. Screenshots of
# the dialog. Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_explain.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_explain
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1280x800

password=gui-explain-pass-1 store="$out/store-office"
shared_report "$password" "office reviewer:bureau" "$store"
# The sample's two errors corrected: only warnings stand.
"$cli" --store "$store" set-cell "$id" dept-eval money-total score 9.13 >/dev/null
"$cli" --store "$store" set-cell "$id" dept-eval total score 99.13 >/dev/null
"$cli" --store "$store" validate "$id" >"$out/validate.txt" || true
grep -q '^error' "$out/validate.txt" && fail "errors still stand: $(grep '^error' "$out/validate.txt")"
warnings=$(grep -c '^warning' "$out/validate.txt" || true)
[ "$warnings" -gt 0 ] || fail "the report has no warning to explain"
reason="Rounding in the detail rows, checked against the final accounts"

cat >"$out/script.txt" <<SCRIPT
wait-online
print ready
wait-file $out/typed
expect-submit #1
print submitted
quit
SCRIPT
start_gui --store "$store" --report "$id" --size 1280x800 --test-script "$out/script.txt"

waitline ready 60
focus_main
xdotool key --clearmodifiers alt+r
sleep 0.5
xdotool key u
wait_dialog "$main" "Alt+R, U did not open the dialog asking for reasons"
# Too short: OK stays disabled, so Return submits nothing.
xdotool type --delay 20 "ok"
xdotool key Return
sleep 1
windows | grep -qx "$dialog" || fail "a reason of two characters was taken"
import -window root "$out/dialog-short.png"
# Every box gets the reason (the first one's text replaced).
xdotool key ctrl+a
for i in $(seq "$warnings"); do
  [ "$i" -gt 1 ] && xdotool key Tab
  xdotool type --delay 10 "$reason"
done
import -window root "$out/dialog-filled.png"
xdotool key Return
wait_closed "$dialog" "the dialog did not close on Return with every reason given"
touch "$out/typed"
waitline submitted 60
wait_gui

"$cli" --store "$store" submissions "$id" | grep -q "^#1"$'\t'"submitted" ||
  fail "no submission #1: $("$cli" --store "$store" submissions "$id")"
# The bureau's page, as the reviewer's browser gets it.
python3 - "$url" "$password" >"$out/page.html" <<'PY' || fail "the bureau page could not be read"
import sys, urllib.parse, urllib.request, http.cookiejar
url, password = sys.argv[1], sys.argv[2]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
opener.open(url + "/bureau/login",
            urllib.parse.urlencode({"user": "reviewer", "password": password}).encode())
print(opener.open(url + "/bureau/submissions/1").read().decode())
PY
grep -q "提交时说明的警告（$warnings）" "$out/page.html" || fail "the page does not list the $warnings warnings"
[ "$(grep -o "单位说明：$reason" "$out/page.html" | wc -l)" -eq "$warnings" ] ||
  fail "the page does not show the reason under each warning"
grep -q '@expenditure/\|sum-tail@' "$out/page.html" && fail "the page shows an internal key"
for png in dialog-short dialog-filled; do
  [ "$(stat -c %s "$out/$png.png")" -gt 20000 ] || fail "screenshot $png missing or empty"
done
echo "gui_explain: ok ($warnings warnings explained; screenshots in $out)"
