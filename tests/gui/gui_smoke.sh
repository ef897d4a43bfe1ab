#!/usr/bin/env bash
# The desktop program on a real store under Xvfb: import the sample, type into a section
# (through the editor and as real key events), merge a colleague's change while the caret
# sits after the typing, undo/redo, go to a finding, take a screenshot; then check with
# reportsync-cli that the typing is stored, and that typing reported as saved survives
# a SIGKILL. Fails (never skips) when Xvfb is missing.
# usage: gui_smoke.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
name=gui_smoke
source "$(dirname "$0")/gui_lib.sh"
command -v import >/dev/null || fail "import (imagemagick) is not installed"
start_xvfb 1440x900

a="$out/store-a" b="$out/store-b"
id=$("$cli" --store "$a" import "$sample")
"$cli" --store "$a" set-user 张三
# A colleague's replica, with an edit at the start of section 1.1.
"$cli" --store "$a" bundle "$id" --out "$out/base.bundle"
"$cli" --store "$b" unbundle "$out/base.bundle" >/dev/null
"$cli" --store "$b" set-user 李四
"$cli" --store "$b" edit "$id" 1.1 --insert 0 "远端插入："
"$cli" --store "$b" bundle "$id" --out "$out/remote.bundle"

len=$("$cli" --store "$a" show "$id" --section 1.1 --json | python3 -c '
import json,sys
d=json.load(sys.stdin)
def find(ss):
    for s in ss:
        if s.get("number")=="1.1": return s
        r=find(s.get("children",[]))
        if r: return r
print(len(find(d["sections"])["text"]))')
after_typing=$((len + 6 + 3))   # 测试中文输入 + " ok"

cat >"$out/script.txt" <<SCRIPT
print-startup
wait-checks
select 1.1
caret end
type 测试中文输入
keys  ok
expect-text 测试中文输入 ok
expect-caret $after_typing
wait-saved
merge $out/remote.bundle
expect-text 远端插入：
expect-caret $((after_typing + 5))
type 撤销我
wait-saved
undo
expect-caret $((after_typing + 5))
redo
expect-text 测试中文输入 ok撤销我
undo
select 2.1
table dept-eval
wait-checks
expect-finding 年度资金总额
finding 0
wait 500
screenshot $out/main-window.png
quit
SCRIPT
run_gui gui "the program failed" --store "$a" --report "$id" --size 1440x900 --test-script "$out/script.txt"
cat "$out/gui.out"
startup=$(awk '/^startup_ms/ {print $2}' "$out/gui.out")
[ -n "$startup" ] || fail "no startup time printed"

text=$("$cli" --store "$a" show "$id" --section 1.1)
grep -q "测试中文输入 ok" <<<"$text" || fail "typed text not stored: $text"
grep -q "远端插入：" <<<"$text" || fail "merged text not stored"
grep -q "撤销我" <<<"$text" && fail "undone text still stored"
[ "$(stat -c %s "$out/main-window.png")" -gt 20000 ] || fail "screenshot missing or empty"

# Durability: what the window reported as saved survives a SIGKILL.
cat >"$out/crash.txt" <<SCRIPT
select 3
caret 0
type 崩溃前已保存
wait-saved
print saved
wait 60000
SCRIPT
"$gui" --store "$a" --report "$id" --test-script "$out/crash.txt" >"$out/crash.out" 2>/dev/null &
pid=$!
for _ in $(seq 300); do grep -q '^saved' "$out/crash.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^saved' "$out/crash.out" || { kill -9 $pid; fail "the crash run never saved"; }
kill -9 $pid
wait $pid 2>/dev/null || true
"$cli" --store "$a" show "$id" --section 3 | grep -q "崩溃前已保存" || fail "saved typing lost on SIGKILL"

# Export (导出) as PDF and DOCX, and 插入行 / 删除行 in the expenditure table's projects.
cat >"$out/rows.txt" <<SCRIPT
wait-checks
export pdf $out/report.pdf
export docx $out/report.docx
table expenditure
add-row expenditure projects
wait-checks
quit
SCRIPT
run_gui rows "the export/rows run failed" --store "$a" --report "$id" --test-script "$out/rows.txt"
[ "$(head -c 4 "$out/report.pdf")" = "%PDF" ] || fail "the exported PDF does not start with %PDF"
[ "$(head -c 2 "$out/report.docx")" = "PK" ] || fail "the exported DOCX does not start with PK"
row=$(awk '/^row-added/ {print $2}' "$out/rows.out")
[ -n "$row" ] || fail "no row added: $(cat "$out/rows.out")"
rows_json() { "$cli" --store "$a" table "$id" expenditure --json | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(" ".join(r["key"]+"@"+r.get("group","") for b in d["blocks"] for r in b["rows"]))'; }
rows_json | grep -qw -- "$row@projects" || fail "the added row $row is not in the table: $(rows_json)"
cat >"$out/rows2.txt" <<SCRIPT
wait-checks
table expenditure
expect-row expenditure $row yes
expect-deletable expenditure total no
expect-deletable expenditure projects no
expect-deletable expenditure $row yes
delete-row expenditure $row
expect-row expenditure $row no
quit
SCRIPT
run_gui rows2 "the delete-row run failed" --store "$a" --report "$id" --test-script "$out/rows2.txt"
rows_json | grep -qw -- "$row@projects" && fail "the deleted row $row is still in the table"

echo "gui_smoke: ok (startup_ms $startup, screenshot $out/main-window.png)"
