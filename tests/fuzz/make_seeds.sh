#!/usr/bin/env bash
# Regenerates the seed corpora in tests/fuzz/corpus/ from real data: the sample report in
# tests/data imported, edited, exported (txt, docx) and bundled by reportsync-cli; its changes
# and snapshots (fuzz_make_seeds); a python-docx document; the shipped templates; sync
# messages written as JSON and converted by `capnp convert`; form bodies.
# Needs the normal build (build/) and the fuzz build (build-fuzz/, for fuzz_make_seeds).
# Usage: tests/fuzz/make_seeds.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cli=$root/build/client/cli/reportsync-cli
seeds=$root/build-fuzz/tests/fuzz/fuzz_make_seeds
corpus=$root/tests/fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for t in change history snapshot bundle sync_messages template text_import docx_document \
         docx_numbering docx_package web_forms; do
  rm -rf "${corpus:?}/$t"
  mkdir -p "$corpus/$t"
done

# A real report: the sample, a prose edit and a cell edit; and a new minimal report.
store=$work/store
id=$("$cli" --store "$store" import tests/data/hongjiang-gxj-2024-selfeval.txt)
"$cli" --store "$store" edit "$id" 1 --insert 0 "新增文字" >/dev/null
"$cli" --store "$store" set-cell "$id" expenditure 1 amount 12.5 >/dev/null
"$cli" --store "$store" bundle "$id" --out "$corpus/bundle/sample.bundle" >/dev/null
small=$("$cli" --store "$store" new --template minimal --year 2025 --dept 某某局)
"$cli" --store "$store" bundle "$small" --out "$corpus/bundle/minimal.bundle" >/dev/null
"$seeds" "$corpus/bundle/sample.bundle" "$corpus"
# The minimal report's creating change (every kind of op in 712 bytes), its snapshot and
# history: realistic seeds under fuzz_change's -max_len (fuzz_lib.sh).
mkdir -p "$work/minimal/change" "$work/minimal/snapshot" "$work/minimal/history"
"$seeds" "$corpus/bundle/minimal.bundle" "$work/minimal"
cp "$work/minimal/change/real-0" "$corpus/change/minimal-0"
cp "$work/minimal/snapshot/real-after-1" "$corpus/snapshot/minimal-after-1"
cp "$work/minimal/history/real" "$corpus/history/minimal"

# The text form and the DOCX: our own exports, the sample, and a python-docx document.
cp tests/data/hongjiang-gxj-2024-selfeval.txt "$corpus/text_import/sample.txt"
"$cli" --store "$store" export "$id" --format txt --out "$corpus/text_import/export.txt" >/dev/null
"$cli" --store "$store" export "$small" --format txt --out "$corpus/text_import/minimal.txt" >/dev/null
"$cli" --store "$store" export "$small" --format docx --out "$corpus/docx_package/minimal.docx" >/dev/null
"$cli" --store "$store" export "$id" --format docx --out "$work/sample.docx" >/dev/null
/usr/bin/python3 - "$work" "$corpus" <<'PY'
import sys, zipfile, docx
work, corpus = sys.argv[1], sys.argv[2]
d = docx.Document()
d.add_heading('一、部门基本情况', 1)
d.add_paragraph('第一段。', style='List Number')
d.add_paragraph('第二段。', style='List Bullet')
t = d.add_table(rows=2, cols=2)
t.cell(0, 0).text = '项目'
t.cell(1, 1).text = '12.50'
d.save(work + '/python-docx.docx')
for name in ('python-docx', 'sample'):
    with zipfile.ZipFile(f'{work}/{name}.docx') as z:
        open(f'{corpus}/docx_document/{name}.xml', 'wb').write(z.read('word/document.xml'))
        if 'word/numbering.xml' in z.namelist():
            open(f'{corpus}/docx_numbering/{name}.xml', 'wb').write(z.read('word/numbering.xml'))
with zipfile.ZipFile(f'{corpus}/docx_package/python-docx.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    with zipfile.ZipFile(f'{work}/python-docx.docx') as src:
        for n in ('[Content_Types].xml', 'word/document.xml'):
            z.writestr(n, src.read(n))
PY
# Small real seeds cut from the sample, for the -max_len of text_import and docx_document
# (fuzz_lib.sh).
/usr/bin/python3 tests/fuzz/small_seeds.py "$corpus"
cat > "$corpus/docx_numbering/small.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
XML

cp common/report/templates/*.json "$corpus/template/"

# Form bodies and cookies: a first byte chooses parseForm (0), cookieValue (1) or
# percentEncode (2).
printf '\x00user=office&password=x%%20y+z&csrf=abc' >"$corpus/web_forms/login"
printf '\x00decision=accept&comment=%%E5%%A5%%BD&csrf=0123' >"$corpus/web_forms/review"
printf '\x01rs_session=abcdef; other=1' >"$corpus/web_forms/cookie"
printf '\x02报告 2024.docx' >"$corpus/web_forms/filename"

# Sync bodies: the first byte is the message (see fuzz_sync_messages.cpp), the rest the
# message as the server or client sends it.
change=$(/usr/bin/python3 -c "import sys; print(list(open(sys.argv[1],'rb').read()))" "$corpus/change/real-1")
sync() {  # INDEX NAME STRUCT JSON
  { printf "\\x$(printf %02x "$1")"; echo "$4" | capnp convert json:binary proto/sync.capnp "$3"; } \
    >"$corpus/sync_messages/$2"
}
actor='[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]'
sync 0 login LoginRequest '{"user": "office", "password": "secret"}'
sync 1 login-answer LoginResponse '{"token": "abc", "expiresMs": 1700000000000, "role": "member"}'
sync 2 error ErrorResponse '{"code": "forbidden", "message": "不可以", "retryable": false}'
sync 3 report ReportInfo "{\"id\": $actor, \"members\": [{\"user\": \"a\", \"role\": \"owner\"}], \"assignments\": [{\"sectionCounter\": 3, \"sectionActor\": $actor, \"user\": \"b\"}], \"lastSeq\": 7}"
sync 4 reports ReportList "{\"reports\": [{\"id\": $actor, \"lastSeq\": 1}]}"
sync 5 share ShareRequest "{\"id\": $actor}"
sync 6 member MemberRequest '{"user": "b", "role": "member"}'
sync 7 assign Assignment "{\"sectionCounter\": 3, \"sectionActor\": $actor, \"user\": \"b\"}"
sync 8 push-answer PushResponse '{"results": [{"status": "accepted"}, {"status": "rejected", "reason": "no"}]}'
sync 9 submit SubmitRequest "{\"version\": [{\"actor\": $actor, \"seq\": 2}], \"acknowledged\": [\"rule@loc\"]}"
sync 10 submit-answer SubmitResponse '{"submitted": false, "findings": [{"severity": "error", "rule": "r", "location": "l", "message": "m", "key": "r@l"}], "message": "x"}'
sync 11 submissions SubmissionList "{\"submissions\": [{\"id\": 1, \"report\": $actor, \"sha256\": \"00\", \"status\": \"submitted\"}]}"
sync 12 push PushRequest "{\"changes\": [$change]}"
sync 13 pull PullResponse "{\"changes\": [$change], \"lastSeq\": 3, \"more\": true}"
# Protocol 4: a push and a pull page carrying the changes as one history (change_spans.h).
history=$(/usr/bin/python3 -c "import sys; print(list(open(sys.argv[1],'rb').read()))" "$corpus/history/real")
sync 12 push-history PushRequest "{\"history\": $history, \"ownActors\": [$actor]}"
sync 13 pull-history PullResponse "{\"changeHistory\": $history, \"lastSeq\": 9, \"more\": false, \"history\": \"h1\"}"

du -sh "$corpus"/* | sed "s|$root/||"
