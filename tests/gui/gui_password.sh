#!/usr/bin/env bash
# Issue 14 case 5: 修改密码 in the desktop program, driven by real X events (xdotool), not
# by the function behind it. Under Xvfb: reportsync-server on a free loopback port, office
# logged in on two stores (the window's and a second device's). In the window: Alt+S, P
# opens the dialog; a wrong current password is refused with a notice that says so once; two new passwords
# that differ are refused before asking the server; then the right one changes it. Checks
# afterwards: the new password logs in and the old one does not; the window's session
# still syncs; the second device's session has ended. Saves screenshots of the dialog and
# the notices. Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_password.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_password
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1280x800

data="$out/server" old=gui-password-old-1 new=gui-password-new-2
add_users "$data" "$old" office
start_server "$data"

a="$out/store-office" b="$out/store-office-laptop"
"$cli" --store "$a" login "$url" office --password-stdin <<<"$old" >/dev/null
"$cli" --store "$b" login "$url" office --password-stdin <<<"$old" >/dev/null
id=$("$cli" --store "$a" import "$sample")
"$cli" --store "$a" share "$id" >/dev/null
"$cli" --store "$b" join "$id" >/dev/null

cat >"$out/script.txt" <<SCRIPT
wait-online
print ready
wait-file $out/wrong-typed
expect-notice 当前密码错误
print-notice
wait 200
screenshot $out/wrong-password.png
print wrong-shown
wait-file $out/differ-typed
expect-notice 两次输入的新密码不一致
print differ-shown
wait-file $out/right-typed
expect-notice 密码已修改
wait 200
screenshot $out/changed.png
print changed-shown
select 1.1
caret 0
type 改密后：
wait-synced
print synced-after
quit
SCRIPT
start_gui --store "$a" --report "$id" --size 1280x800 --test-script "$out/script.txt"

# change_password CURRENT NEW AGAIN SCREENSHOT: the menu by its keys, the dialog by typing.
change_password() {
  focus_main
  xdotool key --clearmodifiers alt+s
  sleep 0.5
  xdotool key p
  wait_dialog "$main" "Alt+S, P did not open the Change password dialog"
  xdotool type --delay 20 "$1"
  xdotool key Tab
  xdotool type --delay 20 "$2"
  xdotool key Tab
  xdotool type --delay 20 "$3"
  if [ -n "$4" ]; then import -window root "$out/$4"; fi
  xdotool key Return
  wait_closed "$dialog" "the dialog did not close on Return"
}

waitline ready 60
change_password wrong-current-1 "$new" "$new" dialog.png
touch "$out/wrong-typed"
waitline wrong-shown 20
# Said once: the gist beside the server's own Chinese read 当前密码不正确 (当前密码错误).
wrong=$(grep '^notice ' "$out/gui.out" | tail -1)
[ "$(grep -o '密码' <<<"$wrong" | wc -l)" -eq 2 ] || fail "the refusal says it more than once: $wrong"
change_password "$old" "$new" "${new}x" ""
touch "$out/differ-typed"
waitline differ-shown 20
change_password "$old" "$new" "$new" ""
touch "$out/right-typed"
waitline synced-after 30
wait_gui

fresh="$out/store-fresh"
"$cli" --store "$fresh" login "$url" office --password-stdin <<<"$old" >/dev/null 2>&1 &&
  fail "the old password still logs in"
"$cli" --store "$fresh" login "$url" office --password-stdin <<<"$new" >/dev/null ||
  fail "the new password does not log in"
"$cli" --store "$b" sync "$id" >"$out/laptop.out" 2>&1 &&
  fail "the second device's session outlived the password change"
"$cli" --store "$fresh" join "$id" >/dev/null
"$cli" --store "$fresh" show "$id" --section 1.1 | grep -q "改密后：" ||
  fail "the window's typing after the change did not reach the server"
for png in dialog wrong-password changed; do
  [ "$(stat -c %s "$out/$png.png")" -gt 20000 ] || fail "screenshot $png missing or empty"
done
echo "gui_password: ok (screenshots in $out)"
