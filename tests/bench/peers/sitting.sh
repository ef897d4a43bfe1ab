#!/usr/bin/env bash
# Issue 11's figures in one sitting: reportsync and its peers on the same traces, then the
# sync and typing benchmarks, one JSON line each, prefixed by what ran. About a minute on
# 2 cores; run it on a quiet machine after `setup.sh PEERS` (npm, once).
# Usage: bash tests/bench/peers/sitting.sh BUILD TRACES PEERS
#   BUILD  the build folder (build), TRACES the folder of the editing traces (*.json.gz),
#   PEERS  the folder setup.sh installed into (build/peers-bench)
set -euo pipefail
build=$1 traces=$2 peers=$3
bench=$build/tests/bench/reportsync-bench
date -u
uptime
for t in automerge-paper seph-blog1; do
  for _ in 1 2; do echo "ours trace $t: $("$bench" trace "$traces/$t.json.gz" 2>/dev/null | tail -1)"; done
  echo "peers $t: $(node "$peers/peers_bench.js" "$traces/$t.json.gz" | tr '\n' ' ')"
done
for t in clownschool friendsforever; do
  for _ in 1 2; do
    echo "ours concurrent $t: $("$bench" concurrent "$traces/$t.json.gz" 2>/dev/null | tail -1)"
  done
  echo "peers $t: $(node "$peers/peers_bench.js" "$traces/$t.json.gz" | tr '\n' ' ')"
done
for b in sync-push sync-pull; do
  for _ in 1 2; do
    sync
    sleep 2
    echo "ours $b: $("$bench" "$b" "$traces/automerge-paper.json.gz" 2>/dev/null | tail -1)"
  done
done
for _ in 1 2; do
  echo "ours gui-typing: $(xvfb-run -a -s '-screen 0 1440x900x24' \
    "$build/client/gui/reportsync" --bench gui-typing --pages 50 2>&1 | tail -1)"
done
uptime
