#!/bin/sh
# tui_signals.sh - SIGINT, SIGTERM, SIGHUP and SIGQUIT (and Ctrl-C) end the
# dashboard with the terminal modes restored (stty -g unchanged); a lost
# terminal ends it instead of leaving it spinning.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

signum() { kill -l "$1" 2>/dev/null || case $1 in INT) echo 2;; QUIT) echo 3;; TERM) echo 15;; HUP) echo 1;; esac; }

for sig in INT TERM HUP QUIT; do
	tui_start 80 24
	tui_wait "PREMIUM"
	pid=$(tui_pid)
	kill -s "$sig" "$pid" || tui_fail "kill -$sig"
	status=$(tui_exit_status)
	want="rc=$((128 + $(signum $sig))) stty=same"
	[ "$status" = "$want" ] || tui_fail "SIG$sig: $status, want $want"
	"$TMUX_BIN" -L "$TUI_SOCKET" kill-server 2>/dev/null
	tui_poll '! "$TMUX_BIN" -L "$TUI_SOCKET" has-session 2>/dev/null' || tui_fail "tmux did not stop"
done

tui_start 80 24
tui_wait "PREMIUM"
tui_keys C-c
status=$(tui_exit_status)
[ "$status" = "rc=130 stty=same" ] || tui_fail "Ctrl-C: $status"
"$TMUX_BIN" -L "$TUI_SOCKET" kill-server 2>/dev/null
tui_poll '! "$TMUX_BIN" -L "$TUI_SOCKET" has-session 2>/dev/null' || tui_fail "tmux did not stop"

# The terminal goes away: the program must exit, not spin.
tui_start 80 24
tui_wait "PREMIUM"
pid=$(tui_pid)
"$TMUX_BIN" -L "$TUI_SOCKET" kill-server
TUI_PID=$pid
TUI_TIMEOUT=2 tui_poll '! kill -0 "$TUI_PID" 2>/dev/null || [ "$(ps -o stat= -p "$TUI_PID")" = Z ]' ||
	{ kill -9 "$pid"; echo "FAIL: still running after the terminal went away" >&2; exit 1; }
exit 0
