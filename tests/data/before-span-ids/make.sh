#!/bin/sh
# How tests/data/before-span-ids was made (issue 11): a server data folder (schema 3, one
# change-ids record per change) written by main at 1951d45 (2026-12-01) before the server
# indexed its spans (schema 4, span-ids). `span_ids_migration_test.cpp` opens it with
# today's code. Two actors' changes, pushed in several syncs (a small span joined by the
# next push's, spans of the two actors interleaved). Usage: make.sh OLD_BIN_DIR OUT_DIR
# (then copy OUT/srv/data.mdb to server/, and the report id printed last into report.txt).
set -e
B=$1
cd "$2"
for u in office zhang; do echo "pw-$u-2026" | $B/reportsync-server admin --data srv add-user $u --role member --password-stdin; done
$B/reportsync-server --data srv --listen 127.0.0.1:0 > srv.log 2>&1 &
sleep 1
U=http://$(sed -n 's/listening on //p' srv.log)
C="$B/reportsync-cli --store office"
Z="$B/reportsync-cli --store zhang"
echo pw-office-2026 | $C login $U office --password-stdin
ID=$($C new --template minimal --year 2025 --dept 测试局)
$C edit $ID 1 --insert 0 "本年度"
$C edit $ID 1 --insert 3 "工作顺利完成。"
$C share $ID
$C invite $ID zhang
$C assign $ID 2 zhang
$C sync $ID
$C edit $ID 1 --insert 10 "预算执行率较高。"
$C edit $ID 1 --insert 0 "（一）"
$C sync $ID
echo pw-zhang-2026 | $Z login $U zhang --password-stdin
$Z join $ID
$Z edit $ID 2 --insert 0 "项目支出按计划执行。"
$Z edit $ID 2 --insert 0 "（张）"
$Z sync $ID
$C sync $ID
$C edit $ID 1 --insert 0 "【二】"
$C sync $ID
kill $!
echo $ID
