#!/bin/sh
# How tests/data/before-spans was made (issue 11 step 5): a profile store (store-version 2)
# and a server data folder (schema 1) written by main before the stores kept spans, with
# binaries built at commit 4de85ea (main, 2026-11-30). `spans_migration_test.cpp` opens
# them with today's code. Usage: make.sh OLD_BIN_DIR OUT_DIR (then copy data.mdb of
# OUT/office and OUT/srv, and show.json without its final newline, history.txt, subs.txt).
set -e
B=$1
cd "$2"
for u in office zhang; do echo "pw-$u-2026" | $B/reportsync-server admin --data srv add-user $u --role member --password-stdin; done
echo pw-bureau-2026 | $B/reportsync-server admin --data srv add-user bureau --role bureau --password-stdin
$B/reportsync-server --data srv --listen 127.0.0.1:0 > srv.log 2>&1 &
sleep 1
U=http://$(sed -n 's/listening on //p' srv.log)
C="$B/reportsync-cli --store office"
Z="$B/reportsync-cli --store zhang"
echo pw-office-2026 | $C login $U office --password-stdin
ID=$($C new --template minimal --year 2025 --dept 测试局)
$C edit $ID 1 --insert 0 "本年度"
$C edit $ID 1 --insert 3 "工作顺利完成。"
$C edit $ID 1 --insert 10 "预算执行率较高。"
$C share $ID
$C invite $ID zhang
$C assign $ID 2 zhang
$C sync $ID
echo pw-zhang-2026 | $Z login $U zhang --password-stdin
$Z join $ID
$Z edit $ID 2 --insert 0 "项目支出按计划执行。"
$Z edit $ID 2 --insert 0 "（张）"
$Z sync $ID
$C sync $ID
$C submit $ID
$C edit $ID 1 --insert 0 "【未同步】"   # stays in the outbox
$C show $ID --json > show.json
$C history $ID > history.txt
$C submissions $ID > subs.txt
kill $!
