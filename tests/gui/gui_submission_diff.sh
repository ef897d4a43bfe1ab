#!/usr/bin/env bash
# Issue 17 in the desktop program's 提交记录 dialog, driven by real X events (xdotool): a
# submission returned with a reviewer's comment on section 1.1, then edited and submitted
# again. Opened with Alt+R, R, the dialog lists both; its 与上次提交比较 button (Alt+C)
# fetches the server's diff of #1 -> #2 on the worker thread and shows it below the list.
# Checked: the text the dialog shows (the test script's print-submissions-detail) names the
# changed section with the insertion marked, and the fetched list carries the reviewer's
# comment with its place. The reviewer then comments on a cell and on section 1.1 of #2:
# both are listed last in the findings list with their places as soon as the program is
# online (expect-findings; print-findings), and a click on the list's first row, End (Up)
# and Enter go to the cell and to the section (print-place). Screenshots. Fails (never skips) when Xvfb or xdotool is missing.
# usage: gui_submission_diff.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_submission_diff
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1280x800

password=gui-diff-pass-1 store="$out/store-office"
office() { "$cli" --store "$store" "$@"; }
shared_report "$password" "office reviewer:bureau" "$store"
office set-cell "$id" dept-eval money-total score 9.13 >/dev/null
office set-cell "$id" dept-eval total score 99.13 >/dev/null
# Submits with a reason for every warning the checks find.
submit_explained() {
  local args=() rule location
  office validate "$id" >"$out/validate.txt" || true
  grep -q '^error' "$out/validate.txt" && fail "errors stand: $(grep '^error' "$out/validate.txt")"
  while IFS=$'\t' read -r _ rule location _; do
    args+=(--explain "$rule@$location=Rounding checked against the final accounts")
  done < <(grep '^warning' "$out/validate.txt")
  office submit "$id" "${args[@]}" >/dev/null
}
submit_explained
# The reviewer, as a browser would: `bureau ID PATH FIELD=VALUE...` logs in and posts a form
# of submission ID's page (/bureau/submissions/ID/PATH) with its CSRF token. A place
# "cell:TABLE/*/ROW/COLUMN" is the page's place of that cell, whatever its block.
bureau() {
  python3 - "$url" "$password" "$@" <<'PY' || fail "the bureau could not post $*"
import re, sys, urllib.parse, urllib.request, http.cookiejar
url, password, sub, path = sys.argv[1:5]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
opener.open(url + "/bureau/login", urllib.parse.urlencode({"user": "reviewer", "password": password}).encode())
page = opener.open(url + "/bureau/submissions/" + sub).read().decode()
fields = dict(arg.split("=", 1) for arg in sys.argv[5:])
if "*" in fields.get("place", ""):
    pattern = re.escape(fields["place"]).replace(r"\*", '[^/"]+')
    fields["place"] = re.search('value="(' + pattern + ')"', page).group(1)
fields["csrf"] = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
opener.open(url + "/bureau/submissions/" + sub + "/" + path, urllib.parse.urlencode(fields).encode())
PY
}
# The reviewer comments on section 1.1 and returns the submission.
bureau 1 comment place=section:1.1 "text=Explain the new plants"
bureau 1 review decision=return "comment=See the comment"
office edit "$id" 1.1 --insert 0 "（已补充说明）" >/dev/null
submit_explained
office submissions "$id" | grep -q "^#2"$'\t'"submitted" || fail "no submission #2"
# On #2 the reviewer comments on a cell of 部门整体支出绩效自评表, then on section 1.1: the
# program lists both in the findings list, after the findings.
bureau 2 comment "place=cell:dept-eval/*/money-total/score" "text=Check the score of the total"
bureau 2 comment place=section:1.1 "text=Name the new plants"

cat >"$out/script.txt" <<SCRIPT
wait-online
expect-findings 审核批注（审核人 reviewer）：Name the new plants
print ready
wait-file $out/pressed
expect-submissions-detail {+（已补充说明）+}
print-submissions-detail
print compared
wait-file $out/closed
submissions
expect-submissions 批注 · 章节 1.1 部门（单位）基本情况: Explain the new plants
print listed
print-findings
wait-file $out/to-cell
expect-place place cell dept-eval money-total score
print at-cell
wait-file $out/to-section
expect-place place section （一）部门（单位）基本情况
print at-section
screenshot $out/findings-comments.png
quit
SCRIPT
start_gui --store "$store" --report "$id" --size 1280x800 --test-script "$out/script.txt"

waitline ready 60
focus_main
xdotool key --clearmodifiers alt+r
sleep 0.5
xdotool key r
wait_dialog "$main" "提交记录 did not open" 30
xdotool key --clearmodifiers alt+c
touch "$out/pressed"
waitline compared 30
import -window root "$out/dialog-diff.png"
xdotool windowfocus --sync "$dialog"
xdotool key Escape
for _ in $(seq 50); do
  xdotool search --onlyvisible --classname reportsync | grep -qx "$dialog" || break
  sleep 0.2
done
xdotool search --onlyvisible --classname reportsync | grep -qx "$dialog" &&
  fail "Escape did not close the dialog"
touch "$out/closed"
waitline listed 30
# The comments are the findings list's last two rows: a click on its first row, then End
# (and Up) and Enter, as a person goes to a finding's place.
waitline findings-end 30
first=$(grep -m1 '^finding 0 ' "$out/gui.out" | cut -f1)
[ -n "$first" ] || fail "the findings list is empty"
to_row() {  # KEYS...: from the first row of the findings list, then Return
  xdotool windowfocus --sync "$main"
  xdotool mousemove $(cut -d' ' -f3,4 <<<"$first") click 1
  sleep 0.3
  xdotool key --clearmodifiers "$@" Return
}
to_row End Up
touch "$out/to-cell"
waitline at-cell 30
to_row End
touch "$out/to-section"
waitline at-section 30
wait_gui

shown=$(sed -n '/^detail-begin$/,/^detail-end$/p' "$out/gui.out")
grep -q "^提交 #1 → #2" <<<"$shown" || fail "the dialog does not show the diff of #1 -> #2: $shown"
grep -q "章节 1.1 部门（单位）基本情况" <<<"$shown" || fail "the diff shown names no changed section: $shown"
grep -qF "{+（已补充说明）+}" <<<"$shown" || fail "the diff shown does not mark the insertion: $shown"
listed=$(grep $'^finding [0-9]* [0-9-]* [0-9-]*\t批注\t' "$out/gui.out" | cut -f2-)
grep -qF $'部门整体支出绩效自评表 / 年度资金总额 / 得分\t审核批注（审核人 reviewer）：Check the score of the total' <<<"$listed" ||
  fail "the findings list does not show the cell's comment with its place: $listed"
grep -qF $'章节 1.1 部门（单位）基本情况\t审核批注（审核人 reviewer）：Name the new plants' <<<"$listed" ||
  fail "the findings list does not show the section's comment with its place: $listed"
[ "$(stat -c %s "$out/findings-comments.png")" -gt 20000 ] || fail "screenshot of the findings missing"
[ "$(stat -c %s "$out/dialog-diff.png")" -gt 20000 ] || fail "screenshot missing or empty"
echo "gui_submission_diff: ok (screenshot in $out)"
