#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 16 item 3).
#   pg_cluster.sh start STATE_DIR   initdb + pg_ctl start on 127.0.0.1, a free port, unix
#                                   socket in the cluster's folder; writes STATE_DIR/url
#                                   (postgres://rs@127.0.0.1:PORT) and STATE_DIR/bin
#   pg_cluster.sh stop STATE_DIR    pg_ctl stop (immediate) and removes the cluster
# initdb refuses root, so as root the cluster belongs to an unprivileged user (nobody) and
# lives in a folder of /tmp that user owns. Trust authentication on loopback only: the
# cluster holds test data and dies with the test run. fsync is off unless RS_PG_FSYNC=on
# (the load benchmarks, tests/bench/server_fleet.h, measure a database that keeps commits).
set -euo pipefail
cmd=${1:?start or stop}
state=${2:?state folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg_cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state/data-path" ] || return 0
  local data
  data=$(cat "$state/data-path")
  as_owner "$bin/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
  rm -f "$state/data-path" "$state/url"
}

case "$cmd" in
  start)
    stop  # a cluster left by an interrupted run
    mkdir -p "$state"
    data=$(mktemp -d /tmp/rs-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$data"
    echo "$data" > "$state/data-path"
    echo "$bin" > "$state/bin"
    as_owner "$bin/initdb" -D "$data/db" -U rs --auth=trust -E UTF8 --locale=C >"$data/initdb.log" 2>&1 ||
      { cat "$data/initdb.log" >&2; exit 1; }
    # A free port: the kernel's pick for a socket bound to port 0 (another process could take
    # it before PostgreSQL does; pg_ctl then fails and we try again).
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      # fsync off: the tests kill server processes, never PostgreSQL or the machine.
      # pg_stat_statements: tests count the statements a write sends (pg_write_batch_test),
      # the load bench reports them per push.
      if as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/log" -w -t 60 start \
          -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${RS_PG_FSYNC:-off} -c shared_preload_libraries=pg_stat_statements" >/dev/null; then
        echo "postgres://rs@127.0.0.1:$port" > "$state/url"
        echo "pg_cluster: started in $data on port $port"
        exit 0
      fi
    done
    cat "$data/log" >&2
    exit 1
    ;;
  stop)
    stop
    echo "pg_cluster: stopped"
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
