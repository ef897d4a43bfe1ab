#!/usr/bin/env bash
# Review marks and history in the window's right-hand panel, under Xvfb: two stores
# (张三, 李四) exchange bundles after editing one paragraph at the same time (as
# tests/cli/cli_test.cpp does); the window on 张三's store lists the mark and the history;
# one mark is resolved with 保留合并结果 through the test script, the other with a
# replacement text; `reportsync-cli marks` then says "no review marks", the replacement is
# stored, and 李四 sees the same after the next bundle. A cell both wrote at once shows
# conflicted; 选择此值 stores the chosen value. Fails (never skips) without Xvfb.
# usage: gui_marks.sh REPORTSYNC REPORTSYNC_CLI OUTDIR
set -euo pipefail
gui=$1 cli=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
name=gui_marks
source "$(dirname "$0")/gui_lib.sh"
start_xvfb 1440x900

a="$out/store-a" b="$out/store-b"
"$cli" --store "$a" set-user 张三
"$cli" --store "$b" set-user 李四
id=$("$cli" --store "$a" new --template minimal --year 2025 --dept 测试局)
"$cli" --store "$a" edit "$id" 1 --insert 0 "本局共有职工25人。"
"$cli" --store "$a" bundle "$id" --out "$out/a1.bundle"
"$cli" --store "$b" unbundle "$out/a1.bundle" >/dev/null
"$cli" --store "$a" edit "$id" 1 --insert 10 "其中行政编制10人。"
"$cli" --store "$b" edit "$id" 1 --insert 10 "年末实有23人。"
"$cli" --store "$a" bundle "$id" --out "$out/a2.bundle"
"$cli" --store "$b" bundle "$id" --out "$out/b2.bundle"
"$cli" --store "$a" unbundle "$out/b2.bundle" >/dev/null
"$cli" --store "$b" unbundle "$out/a2.bundle" >/dev/null
"$cli" --store "$a" marks "$id" | grep -q "^mark 1:1" || fail "no mark to start from"

cat >"$out/script.txt" <<SCRIPT
expect-mark 1:1
expect-marks 1
expect-history
expect-history-author 李四（未验证）
wait 300
screenshot $out/marks.png
resolve-mark 1:1 keep
expect-marks 0
print resolved
quit
SCRIPT
run_gui gui "the program failed" --store "$a" --report "$id" --size 1440x900 --test-script "$out/script.txt"
grep -q "^resolved" "$out/gui.out" || fail "the script did not resolve the mark"
[ "$("$cli" --store "$a" marks "$id")" == "no review marks" ] || fail "marks remain after resolving in the window"
"$cli" --store "$a" bundle "$id" --out "$out/a3.bundle"
"$cli" --store "$b" unbundle "$out/a3.bundle" >/dev/null
[ "$("$cli" --store "$b" marks "$id")" == "no review marks" ] || fail "the resolution did not travel"

# A second conflict, settled with a replacement paragraph (编辑).
"$cli" --store "$a" edit "$id" 1 --insert 0 "甲"
"$cli" --store "$b" edit "$id" 1 --insert 0 "乙"
"$cli" --store "$a" bundle "$id" --out "$out/a4.bundle"
"$cli" --store "$b" bundle "$id" --out "$out/b4.bundle"
"$cli" --store "$a" unbundle "$out/b4.bundle" >/dev/null
"$cli" --store "$b" unbundle "$out/a4.bundle" >/dev/null
cat >"$out/edit.txt" <<SCRIPT
expect-marks 1
resolve-mark 1:1 本局共有职工25人，统一表述。
expect-marks 0
quit
SCRIPT
run_gui edit "resolving with a text" --store "$a" --report "$id" --size 1440x900 --test-script "$out/edit.txt"
[ "$("$cli" --store "$a" marks "$id")" == "no review marks" ] || fail "marks remain after editing"
"$cli" --store "$a" show "$id" --section 1 | grep -q "本局共有职工25人，统一表述。" || fail "the replacement is not stored"

# A conflicted cell (both wrote one cell at once): 选择此值 writes the chosen value.
"$cli" --store "$a" set-cell "$id" budget staff budget 12.50
"$cli" --store "$b" set-cell "$id" budget staff budget 13.00
"$cli" --store "$a" bundle "$id" --out "$out/a5.bundle"
"$cli" --store "$b" bundle "$id" --out "$out/b5.bundle"
"$cli" --store "$a" unbundle "$out/b5.bundle" >/dev/null
"$cli" --store "$b" unbundle "$out/a5.bundle" >/dev/null
"$cli" --store "$a" table "$id" budget | grep -q "budget=1[23].[05]0 | 1[23].[05]0" || fail "no conflicted cell to start from"
cat >"$out/cell.txt" <<SCRIPT
table budget
wait-checks
expect-conflict budget staff budget
choose-value budget staff budget 13.00
wait-checks
quit
SCRIPT
run_gui cell "choosing a cell value" --store "$a" --report "$id" --size 1440x900 --test-script "$out/cell.txt"
"$cli" --store "$a" table "$id" budget | grep -q "budget=13.00\b" || fail "the chosen value is not stored: $("$cli" --store "$a" table "$id" budget)"
"$cli" --store "$a" table "$id" budget | grep -q "|" && fail "the cell is still conflicted"
echo "gui_marks: ok"
