#!/usr/bin/env bash
# Submitting from the window through the real server under Xvfb: office imports and
# shares the sample; the window (as the 提交 menu item does) syncs and submits: refused
# while errors stand (notice), and the refusal stays through the next syncs (F5, a real
# key) until its 知道了 button is clicked (xdotool); office's second device fixes the figures with set-cell
# (as tests/sync/submission_test.cpp does); submitting again, with the warnings
# acknowledged, gives submission #1 awaiting review, which the window's 提交记录 list and
# `reportsync-cli submissions` show.
# usage: gui_submit.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_submit
source "$(dirname "$0")/gui_lib.sh"
start_xvfb 1440x900

data="$out/server" password=gui-submit-pass-1
add_users "$data" "$password" office
start_server "$data"

a="$out/store-office" c="$out/store-office-laptop"
"$cli" --store "$a" login "$url" office --password-stdin <<<"$password" >/dev/null
id=$("$cli" --store "$a" import "$sample")
"$cli" --store "$a" share "$id" >/dev/null
"$cli" --store "$c" login "$url" office --password-stdin <<<"$password" >/dev/null
"$cli" --store "$c" join "$id" >/dev/null

cat >"$out/script.txt" <<SCRIPT
wait-online
submit 尾差系四舍五入所致，已核对
expect-submit 未提交
expect-notice 错误
print-notice-button
wait-file $out/synced
wait 2500
expect-notice 未提交
print still-shown
expect-no-notice
print refused
wait-file $out/fixed
submit 尾差系四舍五入所致，已核对
expect-submit 已提交
expect-submit #1
print submitted
submissions
expect-submissions 待审核
wait 300
screenshot $out/submitted.png
quit
SCRIPT

start_gui --store "$a" --report "$id" --size 1440x900 --test-script "$out/script.txt"

waitline button 60
focus_main
xdotool key F5  # 立即同步: its status must not replace the refusal
touch "$out/synced"
waitline still-shown 20
import -window root "$out/refused.png"
read -r _ x y < <(grep '^button ' "$out/gui.out")
xdotool mousemove "$x" "$y" click 1
waitline refused 20
"$cli" --store "$a" submissions "$id" | grep -q "no submissions" || fail "a refused submission was stored"
"$cli" --store "$c" set-cell "$id" dept-eval money-total score 9.13 >/dev/null
"$cli" --store "$c" set-cell "$id" dept-eval total score 99.13 >/dev/null
"$cli" --store "$c" sync "$id" >/dev/null
touch "$out/fixed"

wait_gui
cat "$out/gui.out"
listed=$("$cli" --store "$c" submissions "$id")
echo "$listed" | grep -q "^#1"$'\t'"submitted"$'\t' || fail "the server does not list submission #1: $listed"
echo "gui_submit: ok"
