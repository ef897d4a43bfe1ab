#!/usr/bin/env bash
# The main job: installs, builds, starts reportsync-server on loopback with a demo office
# account, imports the sample report into a demo store logged in to it (and shares it),
# then opens the desktop program on it; the server stops when the program exits. Without
# a display, the report, its main table and its checks are printed instead.
#
# Demo settings (environment): REPORTSYNC_PORT (8765; a free port when taken),
# REPORTSYNC_STORE (build/demo-store), REPORTSYNC_SERVER_DATA (build/demo-server),
# REPORTSYNC_DEMO_PASSWORD (the office account's password, printed below).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
cli=build/client/cli/reportsync-cli
server=build/sync-server/reportsync-server
gui=build/client/gui/reportsync
store=${REPORTSYNC_STORE:-build/demo-store}
data=${REPORTSYNC_SERVER_DATA:-build/demo-server}
port=${REPORTSYNC_PORT:-8765}
user=office
password=${REPORTSYNC_DEMO_PASSWORD:-office-demo-2024}
log=build/demo-server.log

# The demo office account, once.
if [ ! -e "$data/.demo-$user" ]; then
  mkdir -p "$data"
  "$server" admin --data "$data" add-user "$user" --role member --password-stdin <<<"$password" >/dev/null
  touch "$data/.demo-$user"
fi

# The server on loopback, in the background until this script ends.
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT
start_server() {  # start_server PORT; sets url
  : >"$log"
  "$server" --data "$data" --listen "127.0.0.1:$1" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    if grep -q '^listening on ' "$log"; then
      url="http://$(sed -n 's/^listening on //p' "$log" | head -1)"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  stop_server
  server_pid=
  return 1
}
url=
start_server "$port" || start_server 0 || { echo "run.sh: reportsync-server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "== reportsync-server on $url (data $data, log $log); demo account: $user / $password"

# The demo store, logged in; the sample imported and shared once.
"$cli" --store "$store" login "$url" "$user" --password-stdin <<<"$password" >/dev/null
id=$("$cli" --store "$store" list | awk '$4 == "hunan-dept-selfeval" {print $1; exit}')
if [ -z "$id" ]; then
  id=$("$cli" --store "$store" import tests/data/hongjiang-gxj-2024-selfeval.txt)
fi
"$cli" --store "$store" share "$id" >/dev/null
echo "== report $id in $store, shared on the server"

if [ -n "${DISPLAY:-}" ] && [ -x "$gui" ]; then
  echo "== opening reportsync on $id (the server stops when the window closes)"
  echo "   a colleague's replica: $cli --store DIR login $url $user; $cli --store DIR join $id"
  "$gui" --store "$store" --report "$id" || true
  exit 0
fi
# Without a display, the command line shows the report.
"$cli" --store "$store" show "$id"
echo "== 部门整体支出绩效自评表"
"$cli" --store "$store" table "$id" dept-eval
echo "== checks"
"$cli" --store "$store" validate "$id" || true
