#!/usr/bin/env bash
# Issue 12 item 7: every interface string of the program (each tr("...") in client/gui) has
# a Chinese translation in po/zh_CN.po, so that the Chinese interface shows no English.
# xgettext collects the strings (adjacent literals joined), msgcmp finds those without
# a translation and fails naming them.
# usage: catalog_complete.sh SOURCE_DIR OUTDIR
set -euo pipefail
src=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
command -v xgettext >/dev/null || { echo "catalog_complete: FAIL: gettext is not installed" >&2; exit 1; }
xgettext --language=C++ --keyword=tr --from-code=UTF-8 -o "$out/reportsync.pot" \
  "$src"/client/gui/*.cpp "$src"/client/gui/*.h
msgcmp "$src/client/gui/po/zh_CN.po" "$out/reportsync.pot" ||
  { echo "catalog_complete: FAIL: strings above have no Chinese in zh_CN.po" >&2; exit 1; }
echo "catalog_complete: ok"
