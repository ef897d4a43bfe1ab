#!/usr/bin/env bash
# Issue 12 item 4, 从服务器加入 by real X events (xdotool): reportsync-server on a free loopback
# port holds the sample, shared by the office, with the writer invited as a member. Two first
# runs (empty stores, no arguments) join it as the writer:
# - from the first-run screen: Tab, Tab, Return on 从服务器加入; the login dialog typed into
#   (address, user, password), Return. A wrong password, then a server that is not there (a
#   closed port), then a user the office has not invited, each leave the first-run screen
#   with a Chinese notice naming the cause; then the right login opens the report: its section text, its 项目支出绩效自评表 tab and a
#   figure of its 自评表 are shown, and `reportsync-cli list` on the store lists it;
# - from the menu: 同步 > 连接服务器 (Alt+S, C), the same dialog, after the office shared a
#   second report (2025, rolled forward) with the writer: both are fetched and a list asks which
#   to open (End, Return: the 2024 sample opens; the status bar says 2 reports joined); on a
#   third first run, Escape in that list still opens one of them, and both are in the store.
# Screenshots: join-dialog.png, join-wrong.png, join-unreachable.png, join-none.png, joined.png,
# joined-choose.png, joined-menu.png. Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_join.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_join
source "$(dirname "$0")/gui_lib.sh"
gui_display 1440x900

password=gui-join-pass-1
shared_report "$password" "office writer loner" "$out/store-office"
"$cli" --store "$out/store-office" invite "$id" writer >/dev/null
live=$url
# A port nothing listens on: one the kernel gave a server that has ended.
start_server "$out/gone" gone
gone=$url url=$live
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
section=洪江市工业和信息化局隶属于  # section 1.1 of the sample begins so

# login ADDRESS PASSWORD SCREENSHOT [USER [BACK]]: types into the open login dialog ($dialog):
# the address, USER (writer), the password; Return. The dialog focuses the user's field, or
# the password's once a login is stored: BACK (1, or 2 then) Shift+Tabs reach the address.
login() {
  for _ in $(seq "${5:-1}"); do xdotool key shift+Tab; done
  xdotool key ctrl+a
  xdotool type --delay 15 "$1"
  xdotool key Tab ctrl+a
  xdotool type --delay 15 "${4:-writer}"
  xdotool key Tab
  xdotool type --delay 15 "$2"
  sleep 0.3
  [ -z "$3" ] || import -window root "$out/$3"
  xdotool key Return
  wait_closed "$dialog" "Return did not close the login dialog"
}

# 1. From the first-run screen's 从服务器加入.
cat >"$out/script.txt" <<SCRIPT
expect-welcome yes
print welcome
expect-notice 用户名或密码
expect-welcome yes
screenshot $out/join-wrong.png
print-notice
print-join-button
print wrong
wait-file $out/second
expect-notice 请检查服务器地址
expect-welcome yes
print-notice
screenshot $out/join-unreachable.png
print-join-button
print unreachable
wait-file $out/third
expect-notice 还没有与您共享的报告
expect-welcome yes
screenshot $out/join-none.png
print-join-button
print none-shared
expect-welcome no
expect-tab project-eval-1 yes
wait-checks
select 1.1
expect-text $section
expect-cell-text expenditure wages amount 337.20 → 337.19
expect-message 已加入服务器上共享的报告
screenshot $out/joined.png
print-report
quit
SCRIPT
start_gui --store "$out/store-a" --size 1440x900 --test-script "$out/script.txt"
waitline welcome 60
focus_main
# join_button KEY...: KEYs pressed in the main window open the login dialog (wait_dialog).
join_button() {
  xdotool windowfocus --sync "$main"
  xdotool key "$@"
  wait_dialog "$main" "$* on the first-run screen opened no login dialog"
}
# join_click: a click on 从服务器加入 (where the script's print-join-button said) opens it.
join_click() {
  local x y
  read -r _ x y < <(grep '^join ' "$out/gui.out" | tail -1)
  xdotool mousemove "$x" "$y" click 1
  wait_dialog "$main" "a click on 从服务器加入 opened no login dialog"
}
# The first-run screen focuses 新建报告; 导入 and 从服务器加入 follow.
join_button Tab Tab Return
login "$url" wrong-password-1 join-dialog.png
waitline wrong 30
join_click
login "$gone" "$password" ""
touch "$out/second"  # the dialog closed: the login began, its notice before is gone
waitline unreachable 60
join_click
login "$url" "$password" "" loner
touch "$out/third"
waitline none-shared 60
join_click
login "$url" "$password" "" writer 2  # loner's login is stored
waitline report 60
[ "$(sed -n 's/^report //p' "$out/gui.out")" = "$id" ] ||
  fail "the shared report was not opened: $(grep '^report' "$out/gui.out")"
wait_gui
"$cli" --store "$out/store-a" list | grep -q "^$id" || fail "the store does not list the joined report"

# 2. From the menu, on another first run, with two reports shared with the writer.
# join_by_menu STORE: a first run on STORE with $out/script.txt logs in as the writer by
# 同步 > 连接服务器 (Alt+S, C); with two reports shared, it waits for the list to choose from.
join_by_menu() {
  start_gui --store "$1" --size 1440x900 --test-script "$out/script.txt"
  waitline welcome 60
  focus_main
  menu alt+s c
  wait_dialog "$main" "Alt+S, C opened no login dialog"
  login "$url" "$password" ""
  wait_dialog "$main" "joining two reports asked for no choice"
}
id2=$("$cli" --store "$out/store-office" new --from "$id" --year 2025 2>/dev/null)
"$cli" --store "$out/store-office" share "$id2" >/dev/null
"$cli" --store "$out/store-office" invite "$id2" writer >/dev/null
cat >"$out/script.txt" <<SCRIPT
expect-welcome yes
print welcome
expect-welcome no
expect-tab project-eval-1 yes
wait-checks
select 1.1
expect-text $section
expect-message 已加入服务器上与您共享的 2 份报告
screenshot $out/joined-menu.png
print-report
quit
SCRIPT
join_by_menu "$out/store-b"
# The list of the two fetched reports (newest year first): End selects the 2024 sample.
sleep 0.3
xdotool key End
sleep 0.2
import -window root "$out/joined-choose.png"
xdotool key Return
waitline report 60
[ "$(sed -n 's/^report //p' "$out/gui.out")" = "$id" ] ||
  fail "the report chosen in the list was not opened: $(grep '^report' "$out/gui.out")"
wait_gui
listed=$("$cli" --store "$out/store-b" list)
grep -q "^$id" <<<"$listed" && grep -q "^$id2" <<<"$listed" ||
  fail "the store does not list both joined reports: $listed"

# 3. Escape in that list: a first run still ends with a report open, not the blank screen.
cat >"$out/script.txt" <<SCRIPT
expect-welcome yes
print welcome
expect-welcome no
wait-checks
print-report
quit
SCRIPT
join_by_menu "$out/store-c"
xdotool key Escape
waitline report 60
opened=$(sed -n 's/^report //p' "$out/gui.out")
[ "$opened" = "$id" ] || [ "$opened" = "$id2" ] || fail "Escape in the list left: report $opened"
wait_gui
echo "gui_join: ok"
