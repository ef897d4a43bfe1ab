#!/usr/bin/env bash
# reportsync server soak: ROUNDS rounds (default 2000) of edit + sync + pull by two clients,
# with a fresh login every 20 rounds, against the real reportsync-server; samples the
# server's resident memory after a warm-up and at the end and prints one JSON line.
# usage: tests/bench/server_soak.sh BUILD_DIR [ROUNDS]
set -euo pipefail
build=${1:?usage: server_soak.sh BUILD_DIR [ROUNDS]}
rounds=${2:-2000}
server=$build/sync-server/reportsync-server
cli=$build/client/cli/reportsync-cli
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for u in office zhang; do
  echo "soak-password" | "$server" admin --data "$work/data" add-user "$u" --role member --password-stdin >/dev/null
done
"$server" --data "$work/data" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
pid=$!
until grep -q "listening on" "$work/out" 2>/dev/null; do sleep 0.05; done
url="http://$(sed -n 's/^listening on //p' "$work/out")"
login() { echo "soak-password" | "$cli" --store "$work/$1" login "$url" "$1" --password-stdin >/dev/null; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

login office
login zhang
id=$("$cli" --store "$work/office" new --template minimal --year 2025 --dept soak)
"$cli" --store "$work/office" share "$id" >/dev/null
"$cli" --store "$work/office" assign "$id" 1 zhang >/dev/null
"$cli" --store "$work/zhang" join "$id" >/dev/null

warm=$((rounds / 10))
start=$(date +%s.%N)
for ((k = 1; k <= rounds; k++)); do
  "$cli" --store "$work/zhang" edit "$id" 1 --insert 0 "[$k]" >/dev/null
  "$cli" --store "$work/zhang" sync "$id" >/dev/null
  "$cli" --store "$work/office" sync "$id" >/dev/null
  if ((k % 20 == 0)); then login zhang; fi
  if ((k == warm)); then rss_warm=$(rss); fi
done
rss_end=$(rss)
secs=$(echo "$(date +%s.%N) - $start" | bc)
present=$("$cli" --store "$work/office" show "$id" --section 1 | grep -o '\[[0-9]*\]' | sort -u | wc -l)
ok=$([ "$present" -eq "$rounds" ] && echo true || echo false)
echo "{\"bench\":\"server-soak\",\"ok\":$ok,\"rounds\":$rounds,\"seconds\":$secs,\"rss_after_warmup_kb\":$rss_warm,\"rss_end_kb\":$rss_end,\"changes_present\":$present}"
