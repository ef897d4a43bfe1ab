#!/usr/bin/env bash
# Issue 10: 导入 of a .doc through LibreOffice while the window stays usable, driven by real X
# events (xdotool) in GTK's file dialog. The .doc is made here: the sample imported with the
# CLI, exported as DOCX, converted by `soffice --convert-to doc` (a Word 97 file).
# The program finds a stand-in `soffice` first on PATH that holds each conversion at a gate
# until the test opens it, then runs the real soffice: so the test presses keys while a
# conversion certainly runs, whatever the machine's speed.
# 1. Ctrl+O, the .doc's path, Return: the import bar says LibreOffice is converting; a click in
#    the section text and keys typed there arrive in the editor while the conversion is still
#    held (before, the window froze until soffice ended). The gate opens: the new report
#    opens, and its sections and 自评表 are those of the report exported.
# 2. A broken .doc (the first 20 KB of the same file): LibreOffice cannot load it; the notice
#    bar says so in Chinese, no report is added, the open report is unchanged.
# 3. The .doc again, the gate closed: a second 导入 meanwhile is refused (one at a time); 取消
#    on the import bar stops the stand-in (its process is gone), the status bar says nothing
#    was imported, the store is unchanged.
# 4. The .doc given on the command line: the window runs while LibreOffice converts it (before,
#    the program converted it before showing a window), then opens the new report.
# Screenshots: import-dialog.png (the dialog listing the .doc files), importing.png (the import
# bar during a conversion). Fails (never skips) when
# Xvfb, xdotool or LibreOffice is missing.
# usage: gui_import_doc.sh REPORTSYNC REPORTSYNC_CLI SAMPLE.txt OUTDIR
set -euo pipefail
gui=$1 cli=$2 sample=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
name=gui_import_doc
source "$(dirname "$0")/gui_lib.sh"
command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
real=$(command -v soffice) ||
  fail "LibreOffice is not installed (packaging/install-deps.sh installs libreoffice-writer-nogui)"
start_xvfb 1440x900

import_sample
show() { "$cli" --store "$store" show "$1" --json; }
show "$id" >"$out/exported.json"
"$cli" --store "$store" table "$id" dept-eval >"$out/exported-table.txt"
"$cli" --store "$store" export "$id" --format docx --out "$out/r.docx"
(cd "$out" && timeout 300 "$real" "-env:UserInstallation=file://$out/lo-profile" --headless \
  --convert-to doc r.docx >"$out/convert.log" 2>&1) || fail "soffice could not make the .doc: $(cat "$out/convert.log")"
[ "$(head -c 4 "$out/r.doc" | od -An -tx1 | tr -d ' \n')" = d0cf11e0 ] ||
  fail "soffice did not write a Word 97 .doc"
head -c 20000 "$out/r.doc" >"$out/broken.doc"

mkdir -p "$out/bin"
cat >"$out/bin/soffice" <<STANDIN
#!/bin/sh
echo \$\$ >>"$out/soffice.pids"
while [ ! -e "$out/gate-open" ]; do sleep 0.1; done
exec "$real" "\$@"
STANDIN
chmod +x "$out/bin/soffice"
export PATH="$out/bin:$PATH"

cat >"$out/script.txt" <<SCRIPT
select 1
wait-checks
print ready
wait-file $out/started-1
expect-importing yes
expect-import-text LibreOffice
screenshot $out/importing.png
print importing
wait-file $out/typed
expect-text zqxj
expect-importing yes
print answered
wait-import
print-report
wait-file $out/started-2
wait-import
expect-notice 未能将该.doc 文件转换为 .docx
print-report
print refused
wait-file $out/started-3
expect-importing yes
wait-file $out/second
expect-notice 另一个导入尚未完成
print-import-cancel
wait-file $out/clicked
expect-importing no
expect-message 已取消导入
print-report
print cancelled
wait-file $out/done
quit
SCRIPT
cd "$out"  # the folder the import dialog starts in: it lists the .doc files (its filter)
start_gui --store "$store" --report "$id" --size 1440x900 --test-script "$out/script.txt"
waitline ready 60
focus_main

# started N: waits up to 60 s for the Nth start of the stand-in soffice, then tells the script.
started() {
  for _ in $(seq 600); do
    [ "$(wc -l <"$out/soffice.pids" 2>/dev/null || echo 0)" -ge "$1" ] && break
    sleep 0.1
  done
  [ "$(wc -l <"$out/soffice.pids" 2>/dev/null || echo 0)" -ge "$1" ] ||
    fail "导入 did not start LibreOffice (start $1)"
  touch "$out/started-$1"
}
reports() { "$cli" --store "$store" list | wc -l; }

# 1. The .doc, keys typed during its conversion.
import_with_dialog "$out/r.doc" "$out/import-dialog.png"
started 1
waitline importing 30
xdotool mousemove --window "$main" 700 200 click 1
sleep 0.3
xdotool type --delay 30 "zqxj"
touch "$out/typed"
waitline answered 30
[ "$(reports)" -eq 1 ] || fail "a report was added before the conversion ended"
touch "$out/gate-open"
waitline "report " 120
new=$(sed -n 's/^report //p' "$out/gui.out" | head -1)
[ "$new" != "$id" ] || fail "the imported report was not opened"
[ "$(reports)" -eq 2 ] || fail "not two reports after the import: $("$cli" --store "$store" list)"
show "$new" >"$out/imported.json"
cmp -s "$out/exported.json" "$out/imported.json" ||
  fail "the .doc's sections differ from the report exported: $(diff "$out/exported.json" "$out/imported.json" | head -5)"
"$cli" --store "$store" table "$new" dept-eval | cmp -s - "$out/exported-table.txt" ||
  fail "the .doc's 自评表 differs from the report exported"
"$cli" --store "$store" show "$id" --section 1 | grep -q zqxj ||
  fail "the keys typed during the conversion were not kept in the first report"

# 2. A broken .doc: refused in Chinese, nothing added, the open report unchanged.
import_with_dialog "$out/broken.doc"
started 2
waitline refused 60
[ "$(sed -n 's/^report //p' "$out/gui.out" | sed -n 2p)" = "$new" ] ||
  fail "the open report changed after the refused import"
[ "$(reports)" -eq 2 ] || fail "the broken .doc added a report"
show "$new" | cmp -s - "$out/imported.json" || fail "the refused import changed the open report"

# 3. 取消 while LibreOffice runs: it is stopped and nothing is imported.
rm "$out/gate-open"
import_with_dialog "$out/r.doc"
started 3
import_with_dialog "$out/r.doc"  # a second import meanwhile is refused: LibreOffice not started
touch "$out/second"
button=$(for _ in $(seq 100); do
  grep '^cancel ' "$out/gui.out" && break
  sleep 0.1
done | head -1)
[ -n "$button" ] || fail "the import bar shows no 取消: $(grep -v Gtk- "$out/gui.err" | tail -3)"
read -r _ x y <<<"$button"
xdotool mousemove "$x" "$y" click 1
touch "$out/clicked"
waitline cancelled 30
standin=$(sed -n 3p "$out/soffice.pids")
state=$(awk '{print $3}' "/proc/$standin/stat" 2>/dev/null || true)
[ -z "$state" ] || [ "$state" = Z ] || fail "取消 left LibreOffice running (pid $standin, state $state)"
[ "$(reports)" -eq 2 ] || fail "the cancelled import added a report"
[ "$(wc -l <"$out/soffice.pids")" -eq 3 ] || fail "a second import ran beside the first"
touch "$out/done"
wait_gui

# 4. The .doc given on the command line (as a file manager opens it): the window is up and
#    its script runs while LibreOffice is held; then the report arrives and is opened.
rm -f "$out/gate-open"
cat >"$out/script2.txt" <<SCRIPT
expect-importing yes
print importing-given
wait-import
print-report
quit
SCRIPT
start_gui --store "$store" --size 1440x900 --test-script "$out/script2.txt" "$out/r.doc"
started 4
waitline importing-given 60
[ "$(reports)" -eq 2 ] || fail "a report was added before the conversion ended"
touch "$out/gate-open"
waitline "report " 120
given=$(sed -n 's/^report //p' "$out/gui.out" | head -1)
wait_gui
[ "$(reports)" -eq 3 ] || fail "the .doc given on the command line was not imported"
[ "$given" != "$new" ] && [ "$given" != "$id" ] || fail "the imported report was not opened"
show "$given" | cmp -s - "$out/exported.json" || fail "the .doc given differs from the report exported"
echo "gui_import_doc: ok"
