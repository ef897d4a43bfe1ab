#!/usr/bin/env bash
# Remakes bureau-overview.png and bureau-comments.png (README, “The bureau's review”): a
# server with three departments' reports in three states, a submission with explained
# warnings and a reviewer's comments on a section and a cell; the pages fetched as the
# reviewer (logged in) and rendered by headless Chromium. Not a test: Chromium is not among
# packaging/install-deps.sh's packages.
# usage: packaging/screenshots/bureau_review.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
sample=$(realpath "$here/../../tests/data/hongjiang-gxj-2024-selfeval.txt")
work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
server="$build/sync-server/reportsync-server" cli="$build/client/cli/reportsync-cli"
password=screenshot-pass-1
for u in office:member reviewer:bureau; do
  "$server" admin --data "$work/data" add-user "${u%%:*}" --role "${u##*:}" --password-stdin \
    <<<"$password" >/dev/null
done
"$server" --data "$work/data" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/server.out" && break; sleep 0.1; done
url="http://$(sed -n 's/^listening on //p' "$work/server.out")"
office() { "$cli" --store "$work/office" "$@"; }
office login "$url" office --password-stdin <<<"$password" >/dev/null
# A report of `department` (the sample renamed), corrected and submitted with reasons.
submit() {
  local id=$1 args=() rule location
  office set-cell "$id" dept-eval money-total score 9.13 >/dev/null
  office set-cell "$id" dept-eval total score 99.13 >/dev/null
  office validate "$id" >"$work/validate.txt" || true
  while IFS=$'\t' read -r _ rule location _; do
    args+=(--explain "$rule@$location=尾差系四舍五入所致，已与决算核对无误")
  done < <(grep '^warning' "$work/validate.txt")
  office submit "$id" "${args[@]}" >/dev/null
}
ids=()
for d in 洪江市工业和信息化局 洪江市财政局 洪江市教育局 洪江市卫生健康局; do
  sed "s/洪江市工业和信息化局/$d/g" "$sample" >"$work/$d.txt"
  id=$(office import "$work/$d.txt")
  office share "$id" >/dev/null
  submit "$id"
  ids+=("$id")
done
python3 - "$url" "$password" "$work" <<'PY'
import re, sys, urllib.parse, urllib.request, http.cookiejar
url, password, work = sys.argv[1:4]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
opener.open(url + "/bureau/login", urllib.parse.urlencode({"user": "reviewer", "password": password}).encode())
get = lambda path: opener.open(url + path).read().decode()
page = get("/bureau/submissions/1")
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
cell = re.search(r'value="(cell:dept-eval/[^"]*/indicators-1/actual)"', page).group(1)
post = lambda path, fields: opener.open(url + path, urllib.parse.urlencode(dict(fields, csrf=csrf)).encode())
post("/bureau/submissions/1/comment", {"place": "section:1.1", "text": "请补充说明机构改革后内设科室的调整情况。"})
post("/bureau/submissions/1/comment", {"place": cell, "text": "新增规模工业企业 11 家，请附统计部门的认定名单。"})
post("/bureau/submissions/2/review", {"decision": "accept", "comment": "同意。"})
post("/bureau/submissions/3/review", {"decision": "return", "comment": "请核对项目支出明细。"})
open(work + "/overview.html", "w").write(get("/bureau"))
open(work + "/comments.html", "w").write(get("/bureau/submissions/1"))
PY
shoot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3" \
    --screenshot="$here/$2" "file://$work/$1" 2>/dev/null
}
shoot overview.html bureau-overview.png 1280,620
shoot comments.html bureau-comments.png 1280,2300
echo "written $here/bureau-overview.png and $here/bureau-comments.png"
