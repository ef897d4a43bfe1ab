#!/usr/bin/env bash
# Issue 9: a change that did not take effect (未生效) is shown to its author in the desktop
# program. Under Xvfb: reportsync-server on a free loopback port; office imports the
# sample, shares it and gives 七 to li; li writes in 六 anyway (`edit --propose`) and
# syncs. The window on li's store shows "未生效：第六节未分配给你" with the text in a bar
# that stays, 复制文字 copies it, 知道了 dismisses it; section 六 is read-only and 七 is
# not; the history marks the change （未生效）. Fails (never skips) when Xvfb is missing.
# usage: gui_refused.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_refused
source "$(dirname "$0")/gui_lib.sh"
start_xvfb 1280x800

a="$out/store-office" b="$out/store-li"
shared_report gui-refused-pass-1 "office li" "$a" "$b:li:7"
text="李四写在第六节的建议"
"$cli" --store "$b" edit "$id" 6 --insert 0 "$text" 2>/dev/null && fail "edit of 六 was not refused"
"$cli" --store "$b" edit "$id" 6 --insert 0 "$text" --propose | grep -q "proposal" ||
  fail "edit --propose did not say it is a proposal"
"$cli" --store "$b" sync "$id" >/dev/null || fail "sync refused the proposal"

cat >"$out/script.txt" <<SCRIPT
wait-online
expect-refused 未生效：第六节未分配给你
expect-refused $text
copy-refused
wait 200
expect-refused 第六节
select 6
expect-readonly yes
select 7
expect-readonly no
screenshot $out/refused.png
dismiss-refused
wait 200
expect-no-refused
print refused-shown
quit
SCRIPT

run_gui gui "the program failed" --store "$b" --report "$id" --size 1280x800 --test-script "$out/script.txt"
cat "$out/gui.out"
grep -q "^refused-shown" "$out/gui.out" || fail "the window never printed refused-shown"
[ "$(stat -c %s "$out/refused.png")" -gt 20000 ] || fail "screenshot missing or empty"
"$cli" --store "$a" sync "$id" >/dev/null
"$cli" --store "$a" show "$id" --section 6 | grep -q "$text" && fail "the proposal took effect"
"$cli" --store "$a" refused "$id" | grep -q "$text" || fail "the office does not see the proposal"
li_history=$("$cli" --store "$b" history "$id")
grep -q "（未生效）" <<<"$li_history" || fail "history does not mark the change: $li_history"
echo "gui_refused: ok"
