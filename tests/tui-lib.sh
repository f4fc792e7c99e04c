# SPDX-License-Identifier: MIT
# tests/tui-lib.sh - helpers for the dashboard tests (sourced, not run).
#
# Each test drives the real binary inside a tmux server on a private
# socket, sends keys with send-keys and reads the screen with capture-pane.
# Waiting is always "poll the screen until the expected text shows up",
# bounded by TUI_TIMEOUT seconds; nothing relies on a fixed delay.
#
#   tui_init                 skip (77) without tmux; make $TUI_TMP
#   tui_train                train a model into $TUI_MODEL_DIR (once per test)
#   tui_start W H [ARGS]     run "$OPTICURE -C $TUI_MODEL_DIR ARGS" in a W x H pane
#                            (with the variable assignments in $TUI_ENV)
#   tui_keys KEY...          tmux send-keys
#   tui_screen               the pane's text
#   tui_wait TEXT            wait until the screen contains TEXT (fixed string)
#   tui_wait_gone TEXT       wait until it no longer does
#   tui_exit_status          wait for the wrapper's "EXIT rc=N stty=S" line

TUI_TIMEOUT=${TUI_TIMEOUT:-20}
TMUX_BIN=${TMUX_BIN:-tmux}

tui_fail() {
	echo "FAIL: $*" >&2
	if [ -n "$TUI_SOCKET" ]; then
		echo "--- screen ---" >&2
		tui_screen >&2
		echo "--------------" >&2
	fi
	exit 1
}

tui_cleanup() {
	if [ -n "$TUI_SOCKET" ]; then
		"$TMUX_BIN" -L "$TUI_SOCKET" kill-server 2>/dev/null
	fi
	[ -n "$TUI_TMP" ] && rm -rf "$TUI_TMP"
}

tui_init() {
	if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
		echo "SKIP: tmux is not installed"
		exit 77
	fi
	: "${OPTICURE:?OPTICURE must name the binary}"
	unset TMUX TMUX_PANE NO_COLOR ESCDELAY
	TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/opticure-tui.XXXXXX") || exit 99
	TUI_SOCKET="opticure-tui-$$"
	TUI_MODEL_DIR="$TUI_TMP/model"
	mkdir -p "$TUI_MODEL_DIR"
	trap tui_cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

tui_train() {
	if ! "$OPTICURE" --batch -q -C "$TUI_MODEL_DIR" >"$TUI_TMP/batch.out" 2>"$TUI_TMP/batch.err"; then
		cat "$TUI_TMP/batch.err" >&2
		echo "ERROR: opticure --batch failed" >&2
		exit 99
	fi
	[ -f "$TUI_MODEL_DIR/bat_curing_pipeline.model" ] ||
		{ echo "ERROR: opticure --batch wrote no model file" >&2; exit 99; }
}

# The wrapper records stty before and after, the exit status, and the pid
# of the dashboard (it execs, so the pid is the program's).
tui_write_wrapper() {
	cat >"$TUI_TMP/run.sh" <<'EOF'
#!/bin/sh
trap : INT QUIT
before=$(stty -g)
sh -c 'echo $$ >"$TUI_TMP/pid"; exec "$@"' sh "$@"
rc=$?
after=$(stty -g)
if [ "$before" = "$after" ]; then s=same; else s=changed; fi
echo "EXIT rc=$rc stty=$s"
exec sleep 600
EOF
}

tui_start() {
	w=$1 h=$2
	shift 2
	tui_write_wrapper
	rm -f "$TUI_TMP/pid"
	"$TMUX_BIN" -u -L "$TUI_SOCKET" -f /dev/null new-session -d -x "$w" -y "$h" \
		"env TUI_TMP='$TUI_TMP' TERM=screen LC_ALL=C.UTF-8 $TUI_ENV sh '$TUI_TMP/run.sh' '$OPTICURE' -C '$TUI_MODEL_DIR' $*" ||
		tui_fail "cannot start tmux"
	"$TMUX_BIN" -L "$TUI_SOCKET" set-option -g status off >/dev/null
	"$TMUX_BIN" -L "$TUI_SOCKET" resize-window -x "$w" -y "$h" >/dev/null 2>&1
}

tui_keys() {
	"$TMUX_BIN" -L "$TUI_SOCKET" send-keys "$@" || tui_fail "send-keys $*"
}

tui_screen() {
	"$TMUX_BIN" -L "$TUI_SOCKET" capture-pane -p 2>/dev/null
}

# Number of colour escapes (SGR 30-37, 40-47) on the screen.
tui_colours() {
	"$TMUX_BIN" -L "$TUI_SOCKET" capture-pane -p -e 2>/dev/null |
		grep -o "$(printf '\033')\[[0-9;]*m" | grep -c -E '\[([0-9;]*;)?[34][0-7](;|m)'
}

tui_resize() {
	"$TMUX_BIN" -L "$TUI_SOCKET" resize-window -x "$1" -y "$2" || tui_fail "resize"
}

tui_pid() {
	tui_wait_file "$TUI_TMP/pid"
	cat "$TUI_TMP/pid"
}

# Polls every 50 ms, at most TUI_TIMEOUT seconds.
tui_poll() {
	i=0 n=$((TUI_TIMEOUT * 20))
	while [ $i -lt $n ]; do
		if eval "$1"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

tui_wait() {
	TUI_PAT=$1
	tui_poll 'tui_screen | grep -F -q -e "$TUI_PAT"' || tui_fail "timed out waiting for '$1'"
}

tui_wait_gone() {
	TUI_PAT=$1
	tui_poll '! tui_screen | grep -F -q -e "$TUI_PAT"' || tui_fail "timed out waiting for '$1' to go"
}

tui_wait_file() {
	TUI_PAT=$1
	tui_poll '[ -s "$TUI_PAT" ]' || tui_fail "timed out waiting for $1"
}

# tui_quit KEY WHAT [WANT]: sends KEY, expects the dashboard to end with
# "rc=0 stty=same" (or WANT; WHAT names the step in the failure), then stops
# the tmux server and waits until it is gone.
tui_quit() {
	tui_keys "$1"
	TUI_STATUS=$(tui_exit_status)
	[ "$TUI_STATUS" = "${3:-rc=0 stty=same}" ] || tui_fail "$2: $TUI_STATUS"
	tui_stop
}

# Stops the tmux server and waits until it is gone.
tui_stop() {
	"$TMUX_BIN" -L "$TUI_SOCKET" kill-server 2>/dev/null
	tui_poll '! "$TMUX_BIN" -L "$TUI_SOCKET" has-session 2>/dev/null' || tui_fail "tmux did not stop"
}

# Echoes "rc=N stty=S" once the dashboard has exited.
tui_exit_status() {
	tui_wait "EXIT rc="
	tui_screen | sed -n 's/.*EXIT \(rc=[0-9]* stty=[a-z]*\).*/\1/p' | tail -n 1
}
