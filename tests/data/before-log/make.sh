#!/bin/sh
# How tests/data/before-log was made (issue 11, the local log): a profile store of layout 3
# (history in spans, local commits joining their actor's last span, a snapshot every 64
# changes) written by reportsync-cli built from main at fa0ed40 (2026-11-30), before local
# commits went to a log. 70 edits after the creating one: the snapshot was written at the
# 64th change, the 7 after it are replayed from the spans. `local_log_test.cpp` opens it with
# today's code. Usage: make.sh OLD_BIN_DIR OUT_DIR (then copy OUT/store/data.mdb, and
# show.json and id.txt without their final newline).
set -e
B=$1
cd "$2"
C="$B/reportsync-cli --store store"
$C set-user office
ID=$($C new --template minimal --year 2025 --dept 测试局)
k=1
while [ $k -le 70 ]; do
  $C edit $ID 1 --insert 0 "[$k]"
  k=$((k + 1))
done
$C show $ID --json > show.json
printf %s $ID > id.txt
