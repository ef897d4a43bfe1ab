#!/usr/bin/env bash
# The main job, for now: installs, builds, imports the sample report into a fresh local
# store and shows it with its checks. (The sync server and the desktop program are not
# built yet; see README.md.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
cli=build/client/cli/reportsync-cli
store=${REPORTSYNC_STORE:-build/demo-store}
id=$("$cli" --store "$store" list | awk '$4 == "hunan-dept-selfeval" {print $1; exit}')
if [ -z "$id" ]; then
  id=$("$cli" --store "$store" import tests/data/hongjiang-gxj-2024-selfeval.txt)
fi
echo "== report $id in $store"
"$cli" --store "$store" show "$id"
echo "== 部门整体支出绩效自评表"
"$cli" --store "$store" table "$id" dept-eval
echo "== checks"
"$cli" --store "$store" validate "$id" || true
# With a display, the desktop program opens on the report (without one, the output above
# is the whole of the run).
gui=build/client/gui/reportsync
if [ -n "${DISPLAY:-}" ] && [ -x "$gui" ]; then
  echo "== opening reportsync on $id"
  exec "$gui" --store "$store" --report "$id"
fi
