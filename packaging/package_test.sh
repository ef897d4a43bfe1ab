#!/usr/bin/env bash
# Issue 15: the Debian packages as an administrator and a user get them. Builds both with
# CPack, runs lintian (no error allowed), installs them with apt-get, then uses what was
# installed: every binary's --version, an import and validate of the sample with the
# installed reportsync-cli, the installed server started with the packaged configuration
# (overridden to a free loopback port and a temporary data folder) and one report synced
# through it between two stores, the unit checked with systemd-analyze verify, the desktop
# entry validated and its Exec line started under Xvfb (screenshot kept), and finally both
# packages purged: nothing left but the server's data folder (kept unless the purge's
# debconf question is answered yes, tested both ways). Needs root (or sudo).
# usage: package_test.sh BUILD SAMPLE.txt OUTDIR
set -euo pipefail
build=$1 sample=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)  # absolute: the desktop entry is started from inside it
name=package_test
fail() { echo "$name: FAIL: $*" >&2; exit 1; }
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

version=$(sed -n 's/^project(reportsync VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../CMakeLists.txt")
debs=$(bash "$(dirname "$0")/package.sh" "$build")
desktop_deb=$(echo "$debs" | grep '/reportsync_') server_deb=$(echo "$debs" | grep '/reportsync-server_')
[ -n "$desktop_deb" ] && [ -n "$server_deb" ] || fail "packages not built: $debs"

lintian --fail-on error --tag-display-limit 0 "$desktop_deb" "$server_deb" >"$out/lintian.txt" 2>&1 ||
  fail "lintian: $(grep -E '^E:' "$out/lintian.txt" | head -5)"

# Installed as an administrator would, dependencies from Debian's archive.
# A machine that already serves reports keeps them: the purge answered yes is tried only
# where /var/lib/reportsync held nothing before.
had_data=no
[ -n "$(ls -A /var/lib/reportsync 2>/dev/null)" ] && had_data=yes
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  "$(realpath "$desktop_deb")" "$(realpath "$server_deb")" >"$out/install.log" 2>&1 ||
  fail "apt-get install: $(tail -5 "$out/install.log")"
for bin in /usr/bin/reportsync /usr/bin/reportsync-cli /usr/sbin/reportsync-server; do
  [ "$("$bin" --version)" = "$(basename "$bin") $version" ] || fail "$bin --version: $("$bin" --version)"
done
[ -f /etc/reportsync/server.conf ] || fail "no /etc/reportsync/server.conf"
dpkg-query -W -f='${Conffiles}\n' reportsync-server | grep -q /etc/reportsync/server.conf ||
  fail "server.conf is not a conffile"
getent passwd reportsync >/dev/null || fail "no system user reportsync"
[ -f /usr/share/locale/zh_CN/LC_MESSAGES/reportsync.mo ] || fail "no zh_CN catalog"

# The installed command line on the sample.
cli=/usr/bin/reportsync-cli
id=$("$cli" --store "$out/office" import "$sample")
set +e
"$cli" --store "$out/office" validate "$id" >"$out/validate.txt" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^error" "$out/validate.txt" || fail "validate: rc $rc: $(head -3 "$out/validate.txt")"

# The installed server with the packaged configuration; the command line overrides its
# port and data folder.
data="$out/server-data" password=package-test-pass-1
/usr/sbin/reportsync-server admin --data "$data" add-user office --role member --password-stdin <<<"$password" >/dev/null
/usr/sbin/reportsync-server admin --data "$data" add-user zhang --role member --password-stdin <<<"$password" >/dev/null
# start_server NAME WHAT: the installed server with the packaged configuration on a free
# loopback port and $data, printing to $out/NAME.out and .err; sets hostport once it
# listens, fails naming WHAT when it does not.
start_server() {
  /usr/sbin/reportsync-server --config /etc/reportsync/server.conf --listen 127.0.0.1:0 --data "$data" \
    >"$out/$1.out" 2>"$out/$1.err" &
  pids+=($!)
  for _ in $(seq 200); do grep -q '^listening on ' "$out/$1.out" && break; sleep 0.05; done
  hostport=$(sed -n 's/^listening on //p' "$out/$1.out" | head -1)
  [ -n "$hostport" ] || fail "$2 did not start: $(cat "$out/$1.err")"
}
start_server server "the installed server"
health=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
  "http://$hostport/healthz") || fail "the installed server's /healthz did not answer"
[ "$health" = "ok" ] || fail "/healthz said: $health"
"$cli" --store "$out/office" login "http://$hostport" office --password-stdin <<<"$password" >/dev/null
"$cli" --store "$out/office" share "$id" >/dev/null
"$cli" --store "$out/office" edit "$id" 1.1 --insert 0 "安装包测试：" >/dev/null
"$cli" --store "$out/office" sync "$id" >/dev/null
"$cli" --store "$out/zhang" login "http://$hostport" zhang --password-stdin <<<"$password" >/dev/null
"$cli" --store "$out/office" invite "$id" zhang >/dev/null
"$cli" --store "$out/zhang" join "$id" >/dev/null
"$cli" --store "$out/zhang" show "$id" --section 1.1 | grep -q "安装包测试：" ||
  fail "the report did not sync through the installed server"
grep -q 'route=/api/v1/reports/:id/changes status=200 user=office ' "$out/server.err" ||
  fail "the installed server's log has no structured line for the push"

# An upgrade: a newer server package installed over this one (the same files repacked with a
# higher version, so dpkg runs the upgrade paths of the maintainer scripts) keeps the data
# folder and the administrator's edit of server.conf, and the new server serves the report
# synced before. (Migrating an older schema on start is tested in server_setup_test.)
kill "${pids[-1]}" 2>/dev/null || true
wait "${pids[-1]}" 2>/dev/null || true
upgrade=$out/upgrade newer="$version+upgradetest1"
mkdir -p "$upgrade"
dpkg-deb -R "$server_deb" "$upgrade/root"
sed -i "s/^Version: .*/Version: $newer/" "$upgrade/root/DEBIAN/control"
dpkg-deb --root-owner-group -b "$upgrade/root" "$upgrade/reportsync-server_${newer}_amd64.deb" >/dev/null
[ "$had_data" = yes ] || "${sudo_cmd[@]}" touch /var/lib/reportsync/upgrade-marker
ls -A /var/lib/reportsync >"$upgrade/state-before.txt"
echo "# edited by the administrator (package_test)" | "${sudo_cmd[@]}" tee -a /etc/reportsync/server.conf >/dev/null
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  "$upgrade/reportsync-server_${newer}_amd64.deb" >"$out/upgrade.log" 2>&1 ||
  fail "apt-get install of a newer server package: $(tail -5 "$out/upgrade.log")"
[ "$(dpkg-query -W -f='${Version}' reportsync-server)" = "$newer" ] || fail "the newer package is not installed"
ls -A /var/lib/reportsync | diff "$upgrade/state-before.txt" - >/dev/null ||
  fail "the upgrade changed /var/lib/reportsync"
grep -q "edited by the administrator" /etc/reportsync/server.conf ||
  fail "the upgrade replaced the administrator's server.conf"
[ "$had_data" = yes ] || "${sudo_cmd[@]}" rm -f /var/lib/reportsync/upgrade-marker
start_server server2 "the upgraded server"
"$cli" --store "$out/zhang2" login "http://$hostport" zhang --password-stdin <<<"$password" >/dev/null
"$cli" --store "$out/zhang2" join "$id" >/dev/null
"$cli" --store "$out/zhang2" show "$id" --section 1.1 | grep -q "安装包测试：" ||
  fail "the upgraded server lost the report synced before the upgrade"

systemd-analyze verify /lib/systemd/system/reportsync-server.service \
  /lib/systemd/system/reportsync-server-backup.service \
  /lib/systemd/system/reportsync-server-backup.timer >"$out/verify.txt" 2>&1 ||
  fail "systemd-analyze verify: $(cat "$out/verify.txt")"
desktop-file-validate /usr/share/applications/reportsync.desktop ||
  fail "the desktop entry does not validate"
appstreamcli validate --no-net /usr/share/metainfo/io.github.reportsync.metainfo.xml >"$out/appstream.txt" 2>&1 ||
  fail "metainfo: $(cat "$out/appstream.txt")"

# The desktop entry's Exec line, as a menu or a file manager runs it, under Xvfb.
if command -v Xvfb >/dev/null; then
  exec 3>"$out/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
  pids+=($!)
  exec 3>&-
  for _ in $(seq 100); do [ -s "$out/display" ] && break; sleep 0.1; done
  export DISPLAY=":$(cat "$out/display")"
  exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/reportsync.desktop)
  command=${exec_line//%f/$(realpath "$sample")}
  (cd "$out" && HOME="$out/home" XDG_DATA_HOME="$out/home/data" $command \
    >"$out/desktop.out" 2>"$out/desktop.err") &
  gui_pid=$!
  pids+=($gui_pid)
  window=""
  for _ in $(seq 100); do
    window=$(xdotool search --onlyvisible --classname reportsync 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.2
  done
  [ -n "$window" ] || fail "the desktop entry's Exec line opened no window: $(grep -v Gtk- "$out/desktop.err" | tail -3)"
  sleep 2
  import -window root "$out/desktop-entry.png"
  kill $gui_pid 2>/dev/null || true
  HOME="$out/home" XDG_DATA_HOME="$out/home/data" "$cli" list | grep -q 洪江市 ||
    fail "the file given to the Exec line was not imported"
else
  fail "Xvfb is not installed (packaging/install-deps.sh installs it)"
fi

"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq reportsync reportsync-server \
  >"$out/purge.log" 2>&1 || fail "apt-get purge: $(tail -5 "$out/purge.log")"
for f in /usr/bin/reportsync /usr/bin/reportsync-cli /usr/sbin/reportsync-server \
  /etc/reportsync/server.conf /lib/systemd/system/reportsync-server.service \
  /lib/systemd/system/reportsync-server-backup.timer; do
  [ ! -e "$f" ] || fail "$f is left after purge"
done
# Purge asks whether to remove the reports (debconf); unasked, as here, they are kept. Put
# something in the data folder, as a server would have, and answer yes the second time.
[ -d /var/lib/reportsync ] || fail "a purge that was not asked removed /var/lib/reportsync"
if [ "$had_data" = yes ]; then
  echo "package_test: /var/lib/reportsync held data before the test; the purge answered yes is not tried here"
else
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(realpath "$server_deb")" \
    >"$out/install2.log" 2>&1 || fail "apt-get install again: $(tail -5 "$out/install2.log")"
  "${sudo_cmd[@]}" touch /var/lib/reportsync/data.mdb
  echo "reportsync-server reportsync-server/purge-data boolean true" |
    "${sudo_cmd[@]}" debconf-set-selections
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq reportsync-server \
    >"$out/purge2.log" 2>&1 || fail "apt-get purge: $(tail -5 "$out/purge2.log")"
  [ ! -e /var/lib/reportsync ] || fail "/var/lib/reportsync is left after a purge answered yes"
fi
echo "package_test: ok ($(basename "$desktop_deb"), $(basename "$server_deb"); screenshot $out/desktop-entry.png)"
