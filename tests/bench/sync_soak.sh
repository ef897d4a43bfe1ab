#!/usr/bin/env bash
# reportsync sync soak (issue 9): CLIENTS staff stores and the office's store edit one report
# for MINUTES through the real server while the soak passes bundles around, restarts and
# SIGKILLs the server, SIGKILLs clients mid-command, copies a profile to a second laptop
# and restores the server from an older backup. Staff write in their own section and,
# now and then, in someone else's (such edits must stay in every history and never block
# later ones). At the end every store syncs until nothing moves; then every edit a command
# reported saved (exit 0) must be in every store's history and on the server, and every
# effective one in every store's text. Prints one JSON line; exit 1 when anything is lost.
# usage: tests/bench/sync_soak.sh BUILD_DIR CLIENTS MINUTES
set -uo pipefail
build=${1:?usage: sync_soak.sh BUILD_DIR CLIENTS MINUTES}
clients=${2:-4}
minutes=${3:-1}
server=$build/sync-server/reportsync-server
cli=$build/client/cli/reportsync-cli
work=$(mktemp -d)
pid=
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
password=soak-password-1
RANDOM=42

max_start_ms=0
start_server() {  # on the same port as before once one is known
  local t0=$(date +%s%N)
  rm -f "$work/server.out"  # else the last start's line is read before the shell truncates it
  "$server" --data "$work/data" --listen "127.0.0.1:${port:-0}" >"$work/server.out" 2>>"$work/server.err" &
  pid=$!
  for _ in $(seq 200); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.05; done
  port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/server.out")
  local ms=$((($(date +%s%N) - t0) / 1000000))
  ((ms > max_start_ms)) && max_start_ms=$ms
  [ -n "$port" ] || { echo "sync_soak: the server did not start on port ${port:-?}: $(grep -v " /api/" "$work/server.err" | tail -3) out: $(cat "$work/server.out")" >&2; exit 1; }
}
stop_server() { kill "-$1" "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
run() { "$cli" --store "$work/$1" "${@:2}"; }  # run STORE ARGS...
login() { echo "$password" | run "$1" login "http://127.0.0.1:$port" "$2" --password-stdin >/dev/null; }

users=(office)
for ((c = 1; c <= clients; c++)); do users+=("staff$c"); done
for u in "${users[@]}"; do
  echo "$password" | "$server" admin --data "$work/data" add-user "$u" --role member --password-stdin >/dev/null
done
start_server
for u in "${users[@]}"; do login "$u" "$u"; done
id=$(run office new --template minimal --year 2025 --dept soak)
run office share "$id" >/dev/null
for ((c = 1; c <= clients; c++)); do
  run office invite "$id" "staff$c" >/dev/null 2>&1 || true
done
# Sections 1, 2.1 and 3 of the minimal template: staff c writes section (c mod 3).
sections=(1 2.1 3)
for ((c = 1; c <= clients; c++)); do
  run office assign "$id" "${sections[$((c % 3))]}" "staff$c" >/dev/null
  run "staff$c" join "$id" >/dev/null
done
stores=("${users[@]}")
declare -A owner=([office]=office)
for ((c = 1; c <= clients; c++)); do owner[staff$c]=staff$c; done

saved=()        # markers a command reported saved: MARKER SECTION STORE OWN(1|0)
edits=0 own=0 foreign=0 bundles=0 syncs=0 restarts=0 kills=0 client_kills=0 copies=0 restores=0
backup_made=0
deadline=$(($(date +%s) + minutes * 60))
k=0
while (($(date +%s) < deadline)); do
  k=$((k + 1))
  s=${stores[$((RANDOM % ${#stores[@]}))]}
  roll=$((RANDOM % 100))
  if ((roll < 45)); then  # an edit, mostly in one's own section
    u=${owner[$s]}
    if [ "$u" = office ]; then sec=${sections[$((RANDOM % 3))]}; ownsec=1
    else
      c=${u#staff}
      if ((RANDOM % 5 == 0)); then sec=${sections[$(((c + 1) % 3))]}; ownsec=0
      else sec=${sections[$((c % 3))]}; ownsec=1; fi
    fi
    m="[$s-$k]"
    propose=()
    ((ownsec)) || propose=(--propose)  # the program refuses it up front; a proposal is kept
    if run "$s" edit "$id" "$sec" --insert 0 "$m" "${propose[@]}" >/dev/null 2>"$work/edit.err"; then
      saved+=("$m $sec $s $ownsec")
      edits=$((edits + 1))
      if ((ownsec)); then own=$((own + 1)); else foreign=$((foreign + 1)); fi
    fi
  elif ((roll < 80)); then
    run "$s" sync "$id" >/dev/null 2>&1
    syncs=$((syncs + 1))
  elif ((roll < 88)); then  # a USB stick from one store to another
    t=${stores[$((RANDOM % ${#stores[@]}))]}
    if run "$s" bundle "$id" --out "$work/b.bundle" >/dev/null 2>&1 &&
      run "$t" unbundle "$work/b.bundle" >/dev/null 2>&1; then bundles=$((bundles + 1)); fi
  elif ((roll < 91)); then  # a client killed mid-sync
    run "$s" sync "$id" >/dev/null 2>&1 &
    victim=$!
    sleep "0.0$((RANDOM % 9 + 1))"
    kill -9 "$victim" 2>/dev/null
    wait "$victim" 2>/dev/null
    client_kills=$((client_kills + 1))
  elif ((roll < 94)); then
    stop_server TERM
    start_server
    restarts=$((restarts + 1))
  elif ((roll < 96)); then
    stop_server KILL
    start_server
    kills=$((kills + 1))
  elif ((roll < 98)); then
    if ((backup_made == 0)); then
      "$server" admin backup --data "$work/data" --out "$work/backup.mdb" >/dev/null 2>&1 && backup_made=1
    else  # the office server restored from last week's backup
      stop_server TERM
      if "$server" admin restore --data "$work/data" --from "$work/backup.mdb" >/dev/null 2>>"$work/server.err"; then
        restores=$((restores + 1))
      fi
      backup_made=0
      start_server
    fi
  elif ((copies < 2)); then  # a profile copied to a second laptop
    copies=$((copies + 1))
    n="$s-copy$copies"
    cp -r "$work/$s" "$work/$n"
    stores+=("$n")
    owner[$n]=${owner[$s]}
  fi
done

# Everyone syncs until nothing moves (a restored server needs everyone's pushes first).
for round in 1 2 3 4; do
  for s in "${stores[@]}"; do run "$s" sync "$id" >/dev/null 2>>"$work/final.err"; done
done
run office sync "$id" >/dev/null 2>&1
lost=0
declare -A shown history
for s in "${stores[@]}"; do
  shown[$s]=$(run "$s" show "$id" --json)
  history[$s]=$(run "$s" history "$id" | wc -l)
done
fresh=verifier
login "$fresh" office
run "$fresh" join "$id" >/dev/null
server_json=$(run "$fresh" show "$id" --json)
converged=true
for s in "${stores[@]}"; do
  [ "${shown[$s]}" == "$server_json" ] || converged=false
done
refused=$(run "$fresh" refused "$id")
for entry in "${saved[@]}"; do
  read -r m sec s ownsec <<<"$entry"
  # Effective edits are in the text; proposals in someone else's section are listed as
  # 未生效 with their text.
  if ((ownsec)); then where=$server_json; else where=$refused; fi
  if ! grep -qF "$m" <<<"$where"; then
    lost=$((lost + 1))
    echo "sync_soak: lost $m (section $sec, store $s, own $ownsec)" >&2
  fi
done
history_server=$(run "$fresh" history "$id" | wc -l)
for s in "${stores[@]}"; do
  ((${history[$s]} == history_server)) || { converged=false; echo "sync_soak: $s holds ${history[$s]} changes, the server $history_server" >&2; }
done
printf '{"bench":"sync_soak","clients":%d,"minutes":%d,"stores":%d,"edits_saved":%d,"own":%d,"unassigned":%d,"syncs":%d,"bundles":%d,"server_restarts":%d,"server_kills":%d,"client_kills":%d,"profile_copies":%d,"restores":%d,"changes":%d,"max_server_start_ms":%d,"lost":%d,"converged":%s}\n' \
  "$clients" "$minutes" "${#stores[@]}" "$edits" "$own" "$foreign" "$syncs" "$bundles" "$restarts" "$kills" "$client_kills" "$copies" "$restores" "$history_server" "$max_start_ms" "$lost" "$converged"
[ "$lost" -eq 0 ] && [ "$converged" = true ]
