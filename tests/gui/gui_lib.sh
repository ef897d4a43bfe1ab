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
  # -noreset: when its last client leaves (the program ending between two runs in one test),
  # Xvfb would otherwise reset, and a client connecting meanwhile could be turned away.
  Xvfb -displayfd 3 -screen 0 "$1x24" -nolisten tcp -noreset >"$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  pids+=($xvfb_pid)
  exec 3>&-
  for _ in $(seq 100); do [ -s "$out/display" ] && break; sleep 0.1; done
  [ -s "$out/display" ] || fail "Xvfb did not start: $(cat "$out/xvfb.log")"
  export DISPLAY=":$(cat "$out/display")"
  unset LANG LC_ALL LC_MESSAGES || true
  # Answering, not only started: a client must be able to connect before the test goes on.
  for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "Xvfb on $DISPLAY does not answer: $(x_state)"
}

# x_state: whether this test's Xvfb and the program still run, and their logs' last lines
# (for a failure).
x_state() {
  if kill -0 "$xvfb_pid" 2>/dev/null; then echo -n "Xvfb on $DISPLAY runs"; else
    echo -n "Xvfb on $DISPLAY has ended"; fi
  echo -n "; its log: $(tail -3 "$out/xvfb.log" | tr '\n' ' ')"
  [ -n "${gui_pid:-}" ] || return 0
  if kill -0 "$gui_pid" 2>/dev/null; then echo -n "; the program runs"; else
    echo -n "; the program has ended: $(grep -v Gtk- "$out/gui.err" | grep . | tail -3 | tr '\n' ' ')"
  fi
}

# import ARG...: ImageMagick's screenshot. A failure says what became of the X server (a CI
# run of session 11 ended with a bare "unable to open X server" from gui_english).
import() { command import "$@" || fail "the screenshot $* failed: $(x_state)"; }

# start_server DATA [NAME]: reportsync-server (path in $server) on DATA, on a loopback port
# the kernel picks (it prints "listening on HOST:PORT"), logging to $out/NAME.out and .err
# (NAME defaults to "server"). Sets url and server_pid.
start_server() {
  local log="$out/${2:-server}" hostport
  "$server" --data "$1" --listen 127.0.0.1:0 >"$log.out" 2>"$log.err" &
  server_pid=$!
  pids+=($server_pid)
  for _ in $(seq 200); do grep -q '^listening on ' "$log.out" && break; sleep 0.05; done
  hostport=$(sed -n 's/^listening on //p' "$log.out" | head -1)
  [ -n "$hostport" ] || fail "the server did not start: $(cat "$log.err")"
  url="http://$hostport"
}

# waitline TEXT SECONDS: waits until the program (gui_pid, printing to $out/gui.out) prints
# a line starting with TEXT; fails with its last errors if it does not or it ends.
waitline() {
  for _ in $(seq $(($2 * 10))); do
    grep -q "^$1" "$out/gui.out" 2>/dev/null && return 0
    kill -0 "$gui_pid" 2>/dev/null || break
    sleep 0.1
  done
  fail "the window never printed $1: $(grep -v Gtk- "$out/gui.err" | grep . | tail -5)"
}

# windows: the program's visible top-level windows (xdotool cannot match its UTF-8 title by
# name).
windows() { xdotool search --onlyvisible --classname reportsync 2>/dev/null || true; }

# wait_dialog MAIN WHAT [SECONDS]: waits up to SECONDS (20) for a visible window other than
# MAIN (a dialog opened by keys), focuses it and sets `dialog`; fails with WHAT when none
# opens.
wait_dialog() {
  dialog=""
  for _ in $(seq $((${3:-20} * 5))); do
    dialog=$(windows | grep -vx "$1" | head -1 || true)
    [ -n "$dialog" ] && break
    sleep 0.2
  done
  [ -n "$dialog" ] || fail "$2"
  xdotool windowfocus --sync "$dialog"
  sleep 0.3
}

# shown_besides WINDOW [SECONDS]: waits up to SECONDS (5) for a window of ours besides
# WINDOW to be shown (a popup menu); status 1 when none is.
shown_besides() {
  for _ in $(seq $((${2:-5} * 5))); do
    [ -n "$(windows | grep -vx "$1" | head -1 || true)" ] && return 0
    sleep 0.2
  done
  return 1
}

# wait_closed WINDOW WHAT: waits up to 10 s for WINDOW to close; fails with WHAT if not.
wait_closed() {
  for _ in $(seq 50); do
    windows | grep -qx "$1" || return 0
    sleep 0.2
  done
  fail "$2"
}

# until_has TEXT WHAT COMMAND...: waits up to 5 s for COMMAND's output to contain TEXT;
# fails with WHAT and the output's first lines if it never does.
until_has() {
  local text=$1 what=$2
  shift 2
  for _ in $(seq 50); do
    "$@" 2>/dev/null | grep -qF -- "$text" && return 0
    sleep 0.1
  done
  fail "$what: \"$text\" not found in: $("$@" 2>&1 | head -3)"
}

# start_gui ARG...: the program (path in $gui) with ARGs, printing to $out/gui.out and
# $out/gui.err; sets gui_pid. It is stopped when the script ends.
start_gui() {
  timeout 150 "$gui" "$@" >"$out/gui.out" 2>"$out/gui.err" &
  gui_pid=$!
  pids+=($gui_pid)
}

# run_gui NAME WHAT ARG...: the program (path in $gui) with ARGs, to its end, printing to
# $out/NAME.out and $out/NAME.err; fails with WHAT and its last errors when it fails.
run_gui() {
  local log="$out/$1" what=$2
  shift 2
  timeout 150 "$gui" "$@" >"$log.out" 2>"$log.err" ||
    fail "$what: $(grep -v Gtk- "$log.err" | grep . | tail -5)"
}

# add_users DATA PASSWORD NAME[:ROLE]...: accounts on the server data folder DATA (server
# binary in $server), each with PASSWORD and ROLE (member when not given).
add_users() {
  local data=$1 password=$2 user
  shift 2
  for user in "$@"; do
    local role=member
    [[ $user == *:* ]] && role=${user#*:}
    "$server" admin --data "$data" add-user "${user%%:*}" --role "$role" --password-stdin \
      <<<"$password" >/dev/null
  done
}

# focus_main: focuses the program's window and sets `main` to it; fails when there is none
# or it never takes the focus.
focus_main() {
  main=$(windows | head -1)
  [ -n "$main" ] || fail "no window"
  # A window just mapped may not take the focus yet (X BadMatch): try again for up to 5 s.
  for _ in $(seq 50); do
    xdotool windowfocus --sync "$main" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "the window $main does not take the focus"
}

# wait_gui: waits for the program to end; fails with its last errors when it failed.
wait_gui() {
  wait "$gui_pid" || fail "the program failed (exit $?): $(grep -v Gtk- "$out/gui.err" | grep . | tail -5)"
}

# import_with_dialog PATH [SCREENSHOT]: 文件 > 导入 by keys in the main window ($main): Ctrl+O,
# then in GTK's dialog Ctrl+L, PATH typed and Return; SCREENSHOT (a .png) is taken just before
# Return. Fails when the dialog does not open or close.
import_with_dialog() {
  xdotool windowfocus --sync "$main"
  xdotool key --clearmodifiers ctrl+o
  wait_dialog "$main" "Ctrl+O did not open the import dialog"
  xdotool key ctrl+l
  sleep 0.3
  xdotool type --delay 20 "$1"
  sleep 0.5
  [ -z "${2:-}" ] || import -window root "$2"
  xdotool key Return
  wait_closed "$dialog" "Return did not close the import dialog"
}

# menu KEYS...: focuses the main window and presses KEYS one by one, as a person opens a menu.
menu() {
  xdotool windowfocus --sync "$main"
  for k in "$@"; do
    xdotool key --clearmodifiers "$k"
    sleep 0.4
  done
}
# until_file PATH WHAT: waits up to 20 s for PATH to exist and to have stopped growing (its
# PATH.part gone).
until_file() {
  for _ in $(seq 100); do
    [ -s "$1" ] && ! [ -e "$1.part" ] && return 0
    sleep 0.2
  done
  fail "$2: no $1 ($(ls "$(dirname "$1")"))"
}

# import_sample: a store in $out/store holding the sample ($sample) imported with the CLI
# ($cli); sets store and id (the report's id).
import_sample() {
  store="$out/store"
  id=$("$cli" --store "$store" import "$sample")
}

# gui_display SIZE: Xvfb at SIZE (WIDTHxHEIGHT) for a test that drives the window with
# xdotool; fails (never skips) when xdotool is missing.
gui_display() {
  command -v xdotool >/dev/null || fail "xdotool is not installed (packaging/install-deps.sh installs it)"
  start_xvfb "$1"
}

# gui_begin SIZE LINE [ARG...]: the usual start of a test on one computer. Xvfb at SIZE
# (WIDTHxHEIGHT), a fresh store holding the sample (import_sample: sets store and id; kept
# when both are set already, as shared_report leaves them), the
# program on it at SIZE with the test script $out/script.txt when one is written (write it
# before; it may use $out but not $id) and ARGs; waits up to 60 s for the script's LINE
# (its first print), then focuses the window (sets main). Fails when xdotool is missing.
gui_begin() {
  local size=$1 line=$2 script=()
  shift 2
  gui_display "$size"
  [ -n "${store:-}" ] && [ -n "${id:-}" ] || import_sample
  [ -f "$out/script.txt" ] && script=(--test-script "$out/script.txt")
  start_gui --store "$store" --report "$id" --size "$size" "${script[@]}" "$@"
  waitline "$line" 60
  focus_main
}

# shared_report PASSWORD ACCOUNTS STORE [STORE:USER[:SECTION]]...: the usual start of a test
# through a server. reportsync-server on $out/server (start_server) with ACCOUNTS (NAME[:ROLE]
# words, as add_users takes them; office among them), each with PASSWORD; STORE logged in as
# office, the sample imported and shared; each further STORE logged in as USER and joined,
# SECTION (an outline number) assigned to USER first when given (else USER invited as a
# member, unless office). Sets data, url and id.
shared_report() {
  local password=$1 accounts=$2 office=$3 spec
  shift 3
  data="$out/server"
  # shellcheck disable=SC2086  # ACCOUNTS is a list of words
  add_users "$data" "$password" $accounts
  start_server "$data"
  "$cli" --store "$office" login "$url" office --password-stdin <<<"$password" >/dev/null
  id=$("$cli" --store "$office" import "$sample")
  "$cli" --store "$office" share "$id" >/dev/null
  for spec in "$@"; do
    local where=${spec%%:*} rest=${spec#*:}
    local user=${rest%%:*} section=""
    [[ $rest == *:* ]] && section=${rest#*:}
    if [ -n "$section" ]; then
      "$cli" --store "$office" assign "$id" "$section" "$user"
    elif [ "$user" != office ]; then
      "$cli" --store "$office" invite "$id" "$user" >/dev/null
    fi
    "$cli" --store "$where" login "$url" "$user" --password-stdin <<<"$password" >/dev/null
    "$cli" --store "$where" join "$id" >/dev/null
  done
}
