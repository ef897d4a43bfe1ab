#!/usr/bin/env bash
# Issue 17 in the desktop program's 提交记录 dialog, driven by real X events (xdotool): a
# submission returned with a reviewer's comment on section 1.1, then edited and submitted
# again. Opened with Alt+R, R, the dialog lists both; its 与上次提交比较 button (Alt+C)
# fetches the server's diff of #1 -> #2 on the worker thread and shows it below the list.
# Checked: the text the dialog shows (the test script's print-submissions-detail) names the
# changed section with the insertion marked, and the fetched list carries the reviewer's
# comment with its place. A screenshot of the dialog. Fails (never skips) when Xvfb or
# xdotool is missing.
# usage: gui_submission_diff.sh REPORTSYNC REPORTSYNC_CLI REPORTSYNC_SERVER SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 server=$3 sample=$4 out=$5
rm -rf "$out" && mkdir -p "$out"
name=gui_submission_diff
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1280x800

data="$out/server" password=gui-diff-pass-1
"$server" admin --data "$data" add-user office --role member --password-stdin <<<"$password" >/dev/null
"$server" admin --data "$data" add-user reviewer --role bureau --password-stdin <<<"$password" >/dev/null
start_server "$data"
store="$out/store-office"
office() { "$cli" --store "$store" "$@"; }
office login "$url" office --password-stdin <<<"$password" >/dev/null
id=$(office import "$sample")
office share "$id" >/dev/null
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
# The reviewer comments on section 1.1 and returns the submission, as a browser would.
python3 - "$url" "$password" <<'PY' || fail "the bureau could not comment and return"
import re, sys, urllib.parse, urllib.request, http.cookiejar
url, password = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
opener.open(url + "/bureau/login", urllib.parse.urlencode({"user": "reviewer", "password": password}).encode())
page = opener.open(url + "/bureau/submissions/1").read().decode()
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
def post(path, fields):
    opener.open(url + path, urllib.parse.urlencode(dict(fields, csrf=csrf)).encode())
post("/bureau/submissions/1/comment", {"place": "section:1.1", "text": "Explain the new plants"})
post("/bureau/submissions/1/review", {"decision": "return", "comment": "See the comment"})
PY
office edit "$id" 1.1 --insert 0 "（已补充说明）" >/dev/null
submit_explained
office submissions "$id" | grep -q "^#2"$'\t'"submitted" || fail "no submission #2"

cat >"$out/script.txt" <<SCRIPT
wait-online
print ready
wait-file $out/pressed
expect-submissions-detail 章节 1.1 部门（单位）基本情况
print-submissions-detail
print compared
wait-file $out/closed
submissions
expect-submissions 批注 · 章节 1.1 部门（单位）基本情况: Explain the new plants
print listed
quit
SCRIPT
timeout 150 "$gui" --store "$store" --report "$id" --size 1280x800 --test-script "$out/script.txt" \
  >"$out/gui.out" 2>"$out/gui.err" &
gui_pid=$!
pids+=($gui_pid)

waitline ready 60
main=$(xdotool search --onlyvisible --classname reportsync | head -1)
[ -n "$main" ] || fail "no window"
xdotool windowfocus --sync "$main"
xdotool key --clearmodifiers alt+r
sleep 0.5
xdotool key r
dialog=$(new_window "$main" 30)
xdotool windowfocus --sync "$dialog"
sleep 0.3
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
wait $gui_pid || fail "the program failed: $(grep -v Gtk- "$out/gui.err" | grep . | tail -5)"

shown=$(sed -n '/^detail-begin$/,/^detail-end$/p' "$out/gui.out")
grep -q "^提交 #1 → #2" <<<"$shown" || fail "the dialog does not show the diff of #1 -> #2: $shown"
grep -q "章节 1.1 部门（单位）基本情况" <<<"$shown" || fail "the diff shown names no changed section: $shown"
grep -qF "{+（已补充说明）+}" <<<"$shown" || fail "the diff shown does not mark the insertion: $shown"
[ "$(stat -c %s "$out/dialog-diff.png")" -gt 20000 ] || fail "screenshot missing or empty"
echo "gui_submission_diff: ok (screenshot in $out)"
