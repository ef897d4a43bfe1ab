# Shared by the GUI test scripts (source it after setting `out` and `name`): an X server
# under Xvfb on a free display, and processes stopped when the script ends.
# start_xvfb WIDTHxHEIGHT: starts Xvfb, exports DISPLAY, clears the locale (C messages).

fail() { echo "$name: FAIL: $*" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_xvfb() {
  command -v Xvfb >/dev/null || fail "Xvfb is not installed (packaging/install-deps.sh installs it)"
  exec 3>"$out/display"
  Xvfb -displayfd 3 -screen 0 "$1x24" -nolisten tcp >"$out/xvfb.log" 2>&1 &
  pids+=($!)
  exec 3>&-
  for _ in $(seq 100); do [ -s "$out/display" ] && break; sleep 0.1; done
  [ -s "$out/display" ] || fail "Xvfb did not start: $(cat "$out/xvfb.log")"
  export DISPLAY=":$(cat "$out/display")"
  unset LANG LC_ALL LC_MESSAGES || true
}
