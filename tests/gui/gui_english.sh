#!/usr/bin/env bash
# Issue 12 item 7, the English interface: the program started with --lang en on the sample,
# after typing (so that the 历史 panel lists one's own change) prints its own words
# (`print-labels`: every menu and submenu item, button, list header, side-panel tab and
# status field, what each 历史 line says, and the findings). None of them (the findings'
# places aside, which are the report's own names) holds a Chinese character,
# and the menus read File, Export, Report properties... Then the same under the default
# (Chinese) interface: 文件, 报告属性, and the 历史 panel in Chinese ("字"). The File menu,
# opened by Alt+F, is shot in both: menu-en.png, menu-zh.png. Last, a core error in the
# notice bar (an empty .doc imported) is English only under --lang en and Chinese only under
# the Chinese interface: notice-en.png, notice-zh.png; so are the text and DOCX importers'
# refusals under --lang en. Fails (never skips) when
# Xvfb or xdotool is missing.
# usage: gui_english.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_english
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
start_xvfb 1440x900

import_sample

# run LANG...: the program with these options; its labels in $out/LANG.out.
run() {
  local lang=$1
  shift
  cat >"$out/script-$lang.txt" <<SCRIPT
select 3
caret end
type word
wait-saved
expect-history-lines 2
wait-checks
print-labels
print-findings
print ready
wait-file $out/shot-$lang
quit
SCRIPT
  start_gui --store "$store" --report "$id" --size 1440x900 "$@" \
    --test-script "$out/script-$lang.txt"
  waitline ready 60
  focus_main
  xdotool key --clearmodifiers alt+f
  sleep 1
  import -window root "$out/menu-$lang.png"
  xdotool key Escape
  touch "$out/shot-$lang"
  wait_gui
  cp "$out/gui.out" "$out/$lang.out"
}

run en --lang en
chinese=$(grep -E '^(label|history) ' "$out/en.out" | LC_ALL=C.UTF-8 grep -P '[\x{3000}-\x{303f}\x{4e00}-\x{9fff}\x{ff00}-\x{ffef}]' || true)
[ -z "$chinese" ] || fail "Chinese under --lang en: $(echo "$chinese" | head -5)"
for want in "label File" "label Export" "label Report properties" "label History" \
  "label Replace all"; do
  grep -qF "$want" "$out/en.out" || fail "no \"${want#label }\" under --lang en"
done
# The findings' messages (the last field of a "finding" line: kind, place, message) are
# English; their places are the report's own table and row names, and a figure keeps the
# unit the report writes it in (2亿); every rule has its sentence. 年度资金总额's 得分 is
# written 9.6 where 9.13 is computed.
findings=$(grep "^finding " "$out/en.out" | cut -f4)
[ -n "$findings" ] || fail "no findings printed under --lang en"
# A figure keeps the unit the report writes it in (2亿, 12家): one form of a figure only.
chinese=$(LC_ALL=C.UTF-8 perl -CSD -pe 's/[0-9][0-9.,%]*[\x{4e00}-\x{9fff}]+//g' <<<"$findings" |
  LC_ALL=C.UTF-8 grep -P '[\x{4e00}-\x{9fff}]' || true)
[ -z "$chinese" ] || fail "Chinese in the findings' messages under --lang en: $(head -3 <<<"$chinese")"
! grep -q "Does not pass the check" <<<"$findings" ||
  fail "a finding's rule has no English sentence: $(grep "Does not pass" <<<"$findings" | head -3)"
grep -qF "Written 9.6; by the scoring rule it should be 9.13" <<<"$findings" ||
  fail "年度资金总额's 得分 is not said in English: $(head -3 <<<"$findings")"
grep -q '^history section [0-9.]*: +4 characters' "$out/en.out" ||
  fail "the history does not say section N: +4 characters: $(grep '^history' "$out/en.out" | head -3)"

run zh
for want in "label 文件" "label 报告属性" "label 历史"; do
  grep -qF "$want" "$out/zh.out" || fail "no \"${want#label }\" in the Chinese interface"
done
grep -q '^history 第[0-9.]*节：+4 字' "$out/zh.out" || fail "the Chinese history does not say 第N节：+4 字"

# refused LANG TEXT ARG...: an empty .doc imported (--import), the program run with ARGs: the
# core's "English (中文)" refusal in the notice bar holds TEXT, in one language only; its text in $out/notice-LANG.out, shot as
# notice-LANG.png. (A .doc: the text import's own refusals are Chinese only.)
: >"$out/empty.doc"
refused() {
  local lang=$1 want=$2 file=$out/empty.doc
  shift 2
  [[ ${1:-} == --file=* ]] && file=${1#--file=} && shift
  cat >"$out/script-notice-$lang.txt" <<SCRIPT
wait-import
expect-notice $want
print-notice
print ready
wait-file $out/notice-shot-$lang
quit
SCRIPT
  start_gui --store "$store" --import "$file" --size 1440x900 "$@" \
    --test-script "$out/script-notice-$lang.txt"
  waitline ready 60
  import -window root "$out/notice-$lang.png"
  touch "$out/notice-shot-$lang"
  wait_gui
  grep '^notice ' "$out/gui.out" >"$out/notice-$lang.out"
}
refused en "the file is empty" --lang en
# The file's own name (empty.doc) aside, no Chinese; and no English in the Chinese one.
if sed 's/empty\.doc//' "$out/notice-en.out" | LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]'; then
  fail "Chinese in the English notice: $(cat "$out/notice-en.out")"
fi
refused zh "文件是空的"
if sed 's/[^ ]*empty\.doc//; s/^notice //' "$out/notice-zh.out" | LC_ALL=C.UTF-8 grep -qP '[A-Za-z]'; then
  fail "English in the Chinese notice: $(cat "$out/notice-zh.out")"
fi
# The text and DOCX importers' own refusals have their English part too (they were Chinese
# only): a text file that is not a report, a .docx that is not a ZIP archive. Quoted names
# (the template's title and headings) are the report's own words.
printf 'hello world\n' >"$out/notes.txt"
printf 'hello world\n' >"$out/notes.docx"
for file in notes.txt:"none of the template's section headings" notes.docx:"not a ZIP archive"; do
  refused en "${file#*:}" --file="$out/${file%%:*}" --lang en
  if LC_ALL=C.UTF-8 sed "s/${file%%:*}//; s/“[^”]*”//g" "$out/notice-en.out" | LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]'; then
    fail "Chinese in the English notice: $(cat "$out/notice-en.out")"
  fi
done
echo "gui_english: ok"
